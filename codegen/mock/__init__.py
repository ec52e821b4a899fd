"""A stateful in-memory Avi controller emulator for one release (``avi-codegen mock``).

It speaks the session protocol of ``AVI-PROTOCOL.md`` well enough for the real Avi Python SDK
to run against it unchanged, validates request bodies with the release's generated models, and
injects faults on demand so that clients' retries can be tested::

    from codegen.mock import MockController

    with MockController.from_package("avi_30_2_1") as mock:   # serves on 127.0.0.1:<free port>
        mock.fail_next(2, status=503, method="POST")
        ...                                                   # drive a client at mock.url
        assert mock.stats["POST /api/image"] == 3

``serve(controller, port)`` serves in the foreground until Ctrl-C (the CLI's entry point).

Protocol, as implemented
========================
* ``POST /login`` takes a form-encoded or JSON body with ``username`` and ``password`` or
  ``token`` (one of ``tokens=`` or from :meth:`MockController.issue_token`). It answers JSON
  with ``version`` (``{"Version": release, ...}``) and ``session_cookie_name``
  (``avi-sessionid``) and sets ``csrftoken`` (not HttpOnly), ``avi-sessionid`` and
  ``sessionid`` (HttpOnly). **No cookie is ``Secure``**: the emulator serves plain http on
  loopback, and clients do not send ``Secure`` cookies back over http.
* ``/api`` calls authenticate with either session cookie (a repeated cookie name: the last
  value wins) or with ``Authorization: Basic`` (no login, no CSRF). Unknown or expired session:
  401. POST/PUT/PATCH/DELETE with a session need ``X-CSRFToken`` equal to the session's token,
  else 401 ``CSRF token missing or incorrect.``; GETs may send it. ``POST /logout`` ends the
  session (401 without one).
* ``X-Avi-Version``: the mock serves ``release`` and also accepts ``known_releases`` (no
  conversion). Any other value: **400** ``Invalid version ...``. Without the header, lenient
  mode serves the release (a real controller falls back to an old one silently); strict mode
  answers **400** (not 401: 401 makes the SDKs log in again and retry, which would hide the
  missing header behind a retry loop).
* Tenants: ``X-Avi-Tenant`` (name) or ``X-Avi-Tenant-UUID`` (the uuid wins if both are sent);
  default ``admin`` (uuid ``admin``); an unknown tenant is a 400. ``X-Avi-Tenant: *`` lists
  objects of every tenant (reads only). Objects are stored per tenant and get ``tenant_ref``.
  Tenants are made by :meth:`MockController.add_tenant`, ``POST /mock/tenants`` or, when the
  release has a ``Tenant`` object at ``/tenant``, ``POST /api/tenant``.
* Objects: ``POST`` 201 + ``Location`` (``Slug`` forces the uuid; 409 for a taken uuid or a
  name taken in the tenant); ``PUT`` replaces, ``PATCH`` takes add/replace/delete or
  json_patch (both 200); ``DELETE`` 204 with an empty body and a JSON content type; 404 for a
  missing object. Uuids are ``<objectname-lowercase>-<uuid4>``; ``_last_modified`` is a
  microsecond timestamp string, increasing.
* Bodies are validated with the release's model (unknown fields dropped, or 400 with
  ``strict_fields``); a wrong type, an enum value or a number the release does not allow is a
  400 ``{"error": "Invalid Image object: <field>: <message>"}``. The stored document is the
  model dumped with defaults filled in. ``uuid``, ``url`` and ``_last_modified`` in a body are
  ignored (they may be sent back on PUT).
* Refs (fields with ``x-avi-ref-type`` metadata, and ``tenant_ref``) may be sent as a URL,
  ``URL#name`` or ``/api/<type>?name=<name>`` (resolved in the tenant, then in admin; 400 if
  no such object). They are stored as ``/api/<type>/<uuid>`` and rendered as absolute URLs on
  the emulator's own base (``http://127.0.0.1:PORT/api/<type>/<uuid>``, so that a client may
  follow them), with ``#<name>`` under ``include_name`` (any value) and in POST/PUT/PATCH
  answers; ``url`` gets ``#<name>`` there too. A ref to a uuid is not checked for existence.
* Lists: ``{"count", "results", "next"}``, ``page`` (1-based), ``page_size`` (default
  **25**, as a real controller; values over **200** are capped to 200, the SDK's own limit);
  ``next`` (an absolute URL with the same query and ``page+1``) only while more pages exist;
  a page past the end is empty. Filters: any model field ``<field>=<value>`` (``name``
  included; refs also match by uuid), ``<field>.contains``, ``<field>.icontains``;
  ``fields=a,b`` (plus ``url``, ``uuid``, ``name``); ``include_name``; ``skip_default``
  (omits fields equal to the model's defaults); ``refers_to=<type>:<uuid>``;
  ``referred_by=<type>:<uuid>``; ``sort=<field>`` / ``sort=-<field>``. Other query
  parameters are ignored. Order is creation order.
* ``GET /api/cluster/status`` (a single up node) and ``GET /api/initial-data`` (version
  info) need no session.
* Errors are JSON ``{"error": ...}``; malformed JSON, a non-JSON content type on a body, a
  bad ``Content-Length`` or a bad page number are 400s, and an unexpected failure is a 500
  with a JSON body, never a traceback.

Test hooks (also over HTTP, without authentication, loopback only)
==================================================================
============================  ====================================================
``POST /mock/faults``         add a fault (JSON object or list; see :class:`Fault`)
``GET /mock/faults``          pending faults; ``DELETE /mock/faults`` clears them
``POST /mock/expire-sessions``  end every session
``POST /mock/reset``          forget objects, tenants, sessions, faults, stats
``GET /mock/stats``           counters (``DELETE`` resets them and the request log)
``GET /mock/requests``        the recorded requests (method, path, query, headers, body)
``POST /mock/tokens``         issue a login token
``POST /mock/tenants``        add a tenant ``{"name": ..., "uuid"?: ...}``; GET lists them
``GET /mock/info``            release, modes, served objects
============================  ====================================================
"""

from codegen.mock.controller import (
    CSRF_FAILURE,
    DEFAULT_PAGE_SIZE,
    IGNORE_UNKNOWN,
    MAX_PAGE_SIZE,
    HttpError,
    MockController,
    MockRequest,
    MockResponse,
    Outcome,
    RecordedRequest,
)
from codegen.mock.faults import Fault
from codegen.mock.objects import ObjectSpec, objects_from_package, package_release
from codegen.mock.server import MockHTTPServer, make_server, serve

__all__ = [
    "CSRF_FAILURE",
    "DEFAULT_PAGE_SIZE",
    "IGNORE_UNKNOWN",
    "MAX_PAGE_SIZE",
    "Fault",
    "HttpError",
    "MockController",
    "MockHTTPServer",
    "MockRequest",
    "MockResponse",
    "ObjectSpec",
    "Outcome",
    "RecordedRequest",
    "make_server",
    "objects_from_package",
    "package_release",
    "serve",
]
