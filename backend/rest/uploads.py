"""POST /api/upload and GET /api/assets/{id}: files that lessons and exercises refer to.

Uploading needs an author's or admin's token; reading needs any token of the same
tenant. Another tenant's asset id answers 404, exactly like an id that does not exist.
"""

import uuid

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from backend.db.models import UploadedAsset
from backend.domain.assets import record_asset, tenant_asset
from backend.domain.problems import ErrorCode
from backend.rest.callers import require_caller
from backend.rest.errors import Endpoint, RestError, json_errors
from backend.rest.multipart import receive_file
from backend.rest.storage import AssetStore
from backend.runtime import Runtime

MAX_FILENAME_LENGTH = 255


def clean_filename(raw: str) -> str:
    """The last path segment, printable characters only: a name to show, never a path."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(character for character in name if character.isprintable()).strip()
    return name[:MAX_FILENAME_LENGTH] or "upload"


def asset_json(asset: UploadedAsset) -> dict[str, object]:
    return {
        "id": str(asset.id),
        "sha256": asset.sha256,
        "size": asset.size,
        "contentType": asset.content_type,
        "filename": asset.filename,
    }


def upload_endpoint(runtime: Runtime) -> Endpoint:
    store = AssetStore(runtime.settings.upload_dir)
    settings = runtime.settings

    @json_errors
    async def upload(request: Request) -> Response:
        principal = require_caller(request, settings.secret, author=True)
        received = await receive_file(request, store.temp_dir, settings.limits.max_upload_bytes)
        # The bytes are in place before the row that points at them is committed.
        await run_in_threadpool(store.keep, received.temp_path, received.sha256)
        async with runtime.sessions() as session, session.begin():
            asset, created = await record_asset(
                session,
                principal,
                sha256=received.sha256,
                size=received.size,
                content_type=received.content_type,
                filename=clean_filename(received.filename),
            )
        return JSONResponse(
            asset_json(asset),
            status_code=201 if created else 200,
            headers={"Location": f"/api/assets/{asset.id}"},
        )

    return upload


def asset_endpoint(runtime: Runtime) -> Endpoint:
    store = AssetStore(runtime.settings.upload_dir)

    @json_errors
    async def read_asset(request: Request) -> Response:
        principal = require_caller(request, runtime.settings.secret)
        missing = RestError(404, ErrorCode.NOT_FOUND, "no asset with this id", "id")
        try:
            asset_id = uuid.UUID(request.path_params["id"])
        except ValueError:
            raise missing from None
        async with runtime.sessions() as session, session.begin():
            asset = await tenant_asset(session, principal.tenant_id, asset_id)
        if asset is None:
            raise missing
        path = store.path_for(asset.sha256)
        if not path.is_file():
            raise RuntimeError(f"asset {asset.id}: its file {path} is missing")
        return FileResponse(
            path,
            media_type=asset.content_type,
            filename=asset.filename,
            content_disposition_type="inline",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private"},
        )

    return read_asset
