"""Large workbooks are parsed in a child process that cannot hold the caller: it is stopped
after a timeout, a CPU limit or a memory limit, and only it is stopped."""

import datetime
import os
import pickle
import signal
import time
from decimal import Decimal

import pytest

from spreadsheets import reading, sandbox
from spreadsheets.reading import SpreadsheetError, read_spreadsheet
from tests.spreadsheets.helpers import ods_bytes, xlsx_bytes

ROWS = [
    ["Code", "Nom", "Date", "Montant"],
    ["a", "Pôle d'Asnières", datetime.date(2025, 3, 14), 12.5],
    ["b", "CCAS – Clichy", datetime.datetime(2025, 3, 14, 9, 30), 3],
]


@pytest.fixture
def in_child(settings, monkeypatch):
    """Every workbook goes to the child; the calls are counted."""
    settings.SPREADSHEETS_IN_PROCESS_SIZE = 0
    calls = []
    real = sandbox.run_bounded

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(sandbox, "run_bounded", counted)
    return calls


@pytest.mark.parametrize("build,name", [(xlsx_bytes, "x.xlsx"), (ods_bytes, "x.ods")])
def test_a_workbook_read_in_the_child_gives_the_same_rows(in_child, settings, build, name):
    data = build(ROWS)
    in_child_sheet = read_spreadsheet(data, name)
    assert len(in_child) == 1
    settings.SPREADSHEETS_IN_PROCESS_SIZE = 10**9
    here = read_spreadsheet(data, name)
    assert len(in_child) == 1
    assert in_child_sheet == here
    assert in_child_sheet.headers == ROWS[0]
    assert [row[:2] for row in in_child_sheet.rows] == [row[:2] for row in ROWS[1:]]


def test_small_workbooks_and_csv_are_read_without_a_child(settings, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("no child for a small file")

    monkeypatch.setattr(sandbox, "run_bounded", forbidden)
    assert read_spreadsheet(xlsx_bytes(ROWS), "x.xlsx").rows
    assert read_spreadsheet(b"Code;Nom\r\na;A\r\n", "x.csv").rows == [["a", "A"]]


def test_a_refusal_in_the_child_keeps_its_french_message(in_child):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Code"
    book.active.cell(row=1, column=16_000, value="trop loin")
    stream = io.BytesIO()
    book.save(stream)
    with pytest.raises(SpreadsheetError, match="colonnes"):
        read_spreadsheet(stream.getvalue(), "x.xlsx")
    assert in_child


def _sleeper(pid_file):
    def read(data):
        pid_file.write_text(str(os.getpid()))
        time.sleep(120)

    return read


def _assert_gone(pid):
    """The child was stopped and reaped (not left as a zombie)."""
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.django_db
def test_a_child_over_time_is_stopped_and_the_file_refused_in_french(
    in_child, settings, monkeypatch, tmp_path
):
    from places.models import Venue

    settings.SPREADSHEETS_READ_TIMEOUT = 1
    pid_file = tmp_path / "pid"
    monkeypatch.setitem(reading.READERS, "xlsx", _sleeper(pid_file))
    before = Venue.objects.count()
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="trop complexe à lire"):
        read_spreadsheet(xlsx_bytes(ROWS), "x.xlsx")
    assert time.monotonic() - started < 5
    child = int(pid_file.read_text())
    assert child != os.getpid()
    _assert_gone(child)
    # This process and its database connection carry on.
    assert Venue.objects.count() == before


def _spinner(data):
    while True:
        pass


def _glutton(data):
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


def _crash(data):
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would


@pytest.mark.parametrize(
    "reader,limits",
    [
        (_spinner, {"SPREADSHEETS_READ_CPU_SECONDS": 1}),
        (_glutton, {"SPREADSHEETS_READ_MEMORY": 64 * 1024 * 1024}),
        (_crash, {}),
    ],
    ids=["cpu", "memory", "crash"],
)
def test_a_child_over_its_cpu_or_memory_or_dying_refuses_the_file(
    in_child, settings, monkeypatch, reader, limits
):
    settings.SPREADSHEETS_READ_TIMEOUT = 20
    for name, value in limits.items():
        setattr(settings, name, value)
    monkeypatch.setitem(reading.READERS, "ods", reader)
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="trop complexe à lire"):
        read_spreadsheet(ods_bytes(ROWS), "x.ods")
    assert time.monotonic() - started < 10


def test_the_answer_of_a_child_cannot_rebuild_anything_but_plain_values():
    import io

    sheet = reading.Sheet("xlsx", ["a"], [[Decimal("1.5"), datetime.date(2025, 1, 1), None]])
    payload = pickle.dumps(("ok", sheet), protocol=pickle.HIGHEST_PROTOCOL)
    assert sandbox._Unpickler(io.BytesIO(payload)).load() == ("ok", sheet)
    hostile = pickle.dumps(("ok", os.system))  # rebuilt, it could be called
    with pytest.raises(pickle.UnpicklingError):
        sandbox._Unpickler(io.BytesIO(hostile)).load()


def test_a_celery_job_reads_with_the_longer_background_limits(in_child, settings):
    """The upload read the file within the request's limits; the job that imports it later is
    not bound by them (no web worker waits on it), only by the background ones."""
    from celery import shared_task

    settings.SPREADSHEETS_READ_TIMEOUT, settings.SPREADSHEETS_READ_CPU_SECONDS = 7, 9
    settings.SPREADSHEETS_BACKGROUND_READ_TIMEOUT = 321
    data = xlsx_bytes(ROWS)

    @shared_task(name="tests.read_in_a_task")
    def read_in_a_task():
        return reading.in_celery_task(), len(read_spreadsheet(data, "x.xlsx").rows)

    assert reading.in_celery_task() is False
    read_spreadsheet(data, "x.xlsx")
    assert read_in_a_task.apply().get() == (True, 2)
    assert [(call["timeout"], call["cpu_seconds"]) for call in in_child] == [(7, 9), (321, 321)]
