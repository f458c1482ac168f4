"""A web worker is ready before its first visitor: nothing left to import, and what it
loaded kept out of the garbage collector's full collections."""

import json
import os
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]

FIRST_REQUEST = """
import gc, io, json, sys
import usines.wsgi
loaded = set(sys.modules)
frozen = gc.get_freeze_count()
answers = []
for path in ("/api/v1/consent", "/", "/healthz"):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "REMOTE_ADDR": "127.0.0.1",
    }
    body = b"".join(usines.wsgi.application(environ, lambda s, h, *a: answers.append(s)))
new = sorted(name for name in set(sys.modules) - loaded if name.startswith("usines"))
print("RESULT " + json.dumps({"new": new, "frozen": frozen, "answers": answers}))
"""


def test_a_worker_answers_its_first_requests_without_importing_anything(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "usines.settings",
        "PYTHONPATH": str(SOURCE),
        "SQLITE_PATH": str(tmp_path / "empty.sqlite3"),
    }
    environment.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", FIRST_REQUEST],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=True,
    )
    result = json.loads(done.stdout.split("RESULT ", 1)[1])

    assert len(result["answers"]) == 3
    assert result["new"] == []
    # Django, the project's code and both languages' catalogues, frozen at start.
    assert result["frozen"] > 50_000
