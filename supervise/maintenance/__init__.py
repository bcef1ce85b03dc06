"""Operating a deployment: backups and restores, and ``flask doctor``."""
