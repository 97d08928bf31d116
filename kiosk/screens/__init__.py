"""The kiosk's screens and the widgets they are built from."""
