"""Administration of agencies, teams and users. Administrators never see case content."""
