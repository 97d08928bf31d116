"""The kiosk's benchmark (`make bench`): see bench/README.md."""
