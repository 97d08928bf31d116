"""A full-screen touchscreen kiosk that teaches patients about stress fractures."""
