"""The self-check the frozen build runs, here from source: it passes on a real installation
and names what is missing when the migrations or keyring's metadata are not where it looks.

Missing migrations and keyring metadata are simulated by pointing the check at real
copies with a part left out (the same lookups the frozen build does, only in another
folder). Two things cannot be taken away from a running test: the time zone data (the
tzdata package stays importable), so that check gets a zone loader that finds none; and
the command's own setup, which the exit-code test replaces with such a folder-based one.
"""

import configparser
import glob
import shutil
import sys
import zoneinfo
from dataclasses import replace
from datetime import tzinfo
from importlib import metadata
from pathlib import Path

import pytest

from local_db.migrations import MIGRATIONS_DIR
from studio import self_check
from studio.cli import main
from studio.resource_paths import (
    DESKTOP_FILE_NAME,
    ICON_NAME,
    ICON_SVG_NAME,
    bundled_data,
    resource_path,
    resources_dir,
)
from studio.self_check import (
    CheckSetup,
    check_keyring,
    check_time_zones,
    qt_platform_request,
    real_setup,
    render,
    run_checks,
)


def dist_info(name: str) -> Path:
    """The installed ``*.dist-info`` folder of a distribution, to copy into a test path."""
    distribution = metadata.distribution(name)
    record = next(path for path in distribution.files or [] if path.name == "METADATA")
    return Path(str(distribution.locate_file(record))).parent


def copied_migrations(tmp_path: Path, *, with_versions: bool) -> Path:
    ignored = ["__pycache__"] + ([] if with_versions else ["versions"])
    target = tmp_path / "bundle" / "local_db" / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns(*ignored))
    return target


def failed(results: list[self_check.CheckResult]) -> dict[str, str]:
    return {result.name: result.detail for result in results if not result.ok}


def test_passes_from_source_on_a_real_temporary_library() -> None:
    results = run_checks(real_setup())

    assert failed(results) == {}
    library = next(result for result in results if result.name == "library")
    assert "sample imported" in library.detail
    assert render(results).splitlines()[-1] == f"self-check passed: all {len(results)} checks"


def test_migrates_the_library_from_the_folder_it_is_given(tmp_path: Path) -> None:
    setup = CheckSetup(
        resources_dir(), copied_migrations(tmp_path, with_versions=True), list(sys.path)
    )

    assert failed(run_checks(setup)) == {}


def test_missing_migrations_fail_and_are_named(tmp_path: Path) -> None:
    migrations = copied_migrations(tmp_path, with_versions=False)
    results = run_checks(CheckSetup(resources_dir(), migrations, list(sys.path)))

    problems = failed(results)
    assert problems["migrations"] == (
        f"the library's Alembic migrations are missing from {migrations}"
    )
    assert problems["library"] == "not tried: migrations failed first"
    assert render(results).splitlines()[-1] == "self-check failed: migrations, library"


def test_missing_keyring_metadata_fails_and_is_named(tmp_path: Path) -> None:
    shutil.copytree(dist_info("content-studio"), tmp_path / dist_info("content-studio").name)
    setup = CheckSetup(resources_dir(), MIGRATIONS_DIR, [str(tmp_path)])

    result = check_keyring(setup)

    assert not result.ok
    assert result.detail.startswith("keyring's metadata is missing")


def test_keyring_metadata_alone_lets_the_backends_be_found(tmp_path: Path) -> None:
    shutil.copytree(dist_info("keyring"), tmp_path / dist_info("keyring").name)
    setup = CheckSetup(resources_dir(), MIGRATIONS_DIR, [str(tmp_path)])

    result = check_keyring(setup)

    assert result.ok, result.detail
    assert "SecretService" in result.detail


def test_command_exits_with_1_and_names_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrations = copied_migrations(tmp_path, with_versions=False)
    broken = CheckSetup(resources_dir(), migrations, list(sys.path))
    monkeypatch.setattr(self_check, "real_setup", lambda: broken)

    assert main(["self-check"]) == 1

    out = capsys.readouterr().out
    assert f"FAILED migrations the library's Alembic migrations are missing from {migrations}" in (
        " ".join(out.split())
    )
    assert out.rstrip().endswith("self-check failed: migrations, library")


def test_command_passes_from_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["self-check"]) == 0
    assert "self-check passed" in capsys.readouterr().out


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out == f"content-studio {metadata.version('content-studio')}\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux's")
@pytest.mark.parametrize(
    ("environment", "request_"),
    [
        ({}, "offscreen"),
        ({"DISPLAY": ":0"}, "xcb;offscreen"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "wayland;offscreen"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "vnc"}, None),
    ],
)
def test_qt_is_never_left_to_abort_for_want_of_a_display(
    environment: dict[str, str], request_: str | None
) -> None:
    assert qt_platform_request(environment) == request_


def test_everything_the_spec_bundles_exists() -> None:
    for source, _folder in bundled_data():
        assert glob.glob(source), source


def test_desktop_entry_names_the_executable_and_the_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(resource_path(DESKTOP_FILE_NAME))
    desktop = entry["Desktop Entry"]

    assert desktop["Exec"] == "content-studio" == desktop["TryExec"]
    assert "content-studio" in metadata.entry_points(group="console_scripts").names
    assert desktop["Icon"] == Path(ICON_NAME).stem == Path(ICON_SVG_NAME).stem
    assert resource_path(ICON_NAME).is_file() and resource_path(ICON_SVG_NAME).is_file()


def test_missing_time_zone_data_fails_and_is_named() -> None:
    def no_zones(name: str) -> tzinfo:
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {name}")

    setup = replace(real_setup(), load_zone=no_zones)

    result = check_time_zones(setup)

    assert not result.ok
    assert result.detail.startswith("the IANA time zone data is missing")
    assert check_time_zones(real_setup()).ok
