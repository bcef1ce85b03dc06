"""In-app notifications: each user's list, with the unread count in the header."""
