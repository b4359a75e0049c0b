"""`standards serve`: the HTTP API and the caseworkers' web page. Needs the `server` extra (fastapi, uvicorn, jinja2);
imported only by that command, so the other commands start without it."""
