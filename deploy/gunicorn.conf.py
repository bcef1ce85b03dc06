"""gunicorn settings for Supervise: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Several processes share nothing but PostgreSQL (and Redis for rate limits): sessions are signed
cookies revoked through the database, so any worker — or any server — can serve any request.
"""

import multiprocessing
import os

bind = os.environ.get("SUPERVISE_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and database-bound. 2 per core is a good start.
workers = int(os.environ.get("SUPERVISE_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 60            # a DOCX → PDF conversion has its own 60 s limit inside this
graceful_timeout = 30   # `systemctl reload` (SIGHUP) lets requests in flight finish
keepalive = 5
max_requests = 2000     # recycle workers now and then; jitter so they do not restart together
max_requests_jitter = 200
preload_app = True      # fail fast on bad configuration, before forking (and see when_ready)
forwarded_allow_ips = os.environ.get("SUPERVISE_PROXY_IPS", "127.0.0.1")
accesslog = "-"
# Paths only, never query strings: search terms can be family names.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
errorlog = "-"


def when_ready(server):  # gunicorn calls this in its master process
    """The app is loaded (preload_app) and no worker forked yet: compile every template here,
    once, so each worker starts with them (supervise.templating.compile_templates). Then set
    all that aside from the garbage collector (``gc.freeze``): the app, its modules and
    templates live as long as the process, and a worker's full collection walked all of them,
    ~170,000 objects, 70–90 ms every fifty-odd requests (bench/RESULTS.md, Session 6). Frozen,
    a full collection walks only what the worker made itself (6–8 ms), and the pages it
    shares with the master stay shared."""
    import gc

    from supervise.templating import compile_templates

    count = compile_templates(server.app.wsgi())
    gc.collect()
    gc.freeze()
    server.log.info("Compiled %d templates before forking workers; %d objects frozen",
                    count, gc.get_freeze_count())
