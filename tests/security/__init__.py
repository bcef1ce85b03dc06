"""Generic security tests: hostile input into every form, IDOR on every nested route, headers on
every page, uploads, proxies and rate limits, and the security log scanned for family data."""
