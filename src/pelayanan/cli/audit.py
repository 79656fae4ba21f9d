"""The audit commands: integrity, replay, decision re-checks and timelines.

    pelayanan seal [--db URL] [--every N] [--key PEM] [--export FILE] [--json]
    pelayanan checkpoints export FILE [--db URL]
    pelayanan checkpoints keygen PEM
    pelayanan verify [--db URL] [--checkpoints FILE] [--public-key HEX|FILE]
                     [--no-snapshots | --rebuild-snapshots] [--json]
    pelayanan replay [--db URL] [--as-of ISO-TIME] [--json]
    pelayanan audit decisions [--db URL] [--json]
    pelayanan timeline ID [--db URL] [--lang id|en] [--reveal] [--json]

``verify`` and ``replay`` exit 0 when everything matches, 1 when something differs and 3 when
they could not run (the store cannot be read), so a script (or an auditor's checklist) can rely
on the exit code alone.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from pelayanan.audit.checkpoints import (
    SealedCheckpoint,
    append_checkpoint_file,
    is_witness_file,
    last_seq_in_file,
    read_checkpoint_file,
    write_checkpoint_file,
)
from pelayanan.audit.seal import DEFAULT_EVERY, MAX_EVERY, seal
from pelayanan.audit.signing import Signer, parse_public_key
from pelayanan.audit.store import DEFAULT_APPLICATION, EventReader, LogStore, open_log
from pelayanan.audit.verify import Problem, SnapshotRebuild, SnapshotTask, VerifyReport, verify
from pelayanan.cli.common import (
    FINDINGS,
    CliUsageError,
    ProgressLine,
    add_common_arguments,
    add_quiet,
    echo,
    moment_arg,
    open_service,
    positive_arg,
    print_json,
    progress_callback,
    terminal_safe,
)
from pelayanan.domain.errors import InvalidValue
from pelayanan.storage.outputs import OutputRefused, check_output


def _application(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--application",
        default=DEFAULT_APPLICATION,
        metavar="NAME",
        help="eventsourcing application name; names the PostgreSQL table (default: %(default)s)",
    )


def register(subparsers: Any) -> None:
    """Add the ``seal``, ``checkpoints``, ``verify``, ``replay``, ``audit`` and ``timeline``
    commands."""
    sealer = subparsers.add_parser(
        "seal",
        help="seal new events into checkpoints (integrity)",
        description="Seal every event recorded since the last checkpoint into new checkpoints.",
    )
    add_common_arguments(sealer)
    _application(sealer)
    sealer.add_argument(
        "--every",
        type=_every_arg,
        default=DEFAULT_EVERY,
        metavar="N",
        help="at most N events per checkpoint (default: %(default)s)",
    )
    sealer.add_argument("--key", metavar="PEM", help="sign checkpoints with this Ed25519 key")
    sealer.add_argument(
        "--export", metavar="FILE", help="append the new checkpoints to this witness file"
    )
    sealer.set_defaults(handler=seal_command)

    points = subparsers.add_parser("checkpoints", help="export checkpoints, make a signing key")
    commands = points.add_subparsers(dest="checkpoints_command", metavar="COMMAND", required=True)
    export = commands.add_parser("export", help="write every checkpoint to a JSON lines file")
    export.add_argument("file", metavar="FILE")
    add_common_arguments(export, json_out=False)
    _application(export)
    export.set_defaults(handler=export_command)
    keygen = commands.add_parser("keygen", help="create an Ed25519 signing key (PEM file)")
    keygen.add_argument("file", metavar="PEM")
    add_quiet(keygen)
    keygen.set_defaults(handler=keygen_command)

    verifier = subparsers.add_parser(
        "verify",
        help="check that nothing stored was changed or removed",
        description=(
            "Recompute every event's hash, every aggregate's hash chain and every checkpoint's "
            "Merkle root from the stored log. Exit 0 when intact, 1 when broken, 3 when the "
            "store cannot be read."
        ),
    )
    add_common_arguments(verifier)
    _application(verifier)
    verifier.add_argument(
        "--checkpoints", metavar="FILE", help="a witness's checkpoint file to trust"
    )
    verifier.add_argument(
        "--public-key",
        metavar="HEX|FILE",
        help="require every checkpoint to be signed by this Ed25519 key",
    )
    snapshots = verifier.add_mutually_exclusive_group()
    snapshots.add_argument(
        "--no-snapshots",
        action="store_true",
        help="skip checking snapshots (said in the output)",
    )
    snapshots.add_argument(
        "--rebuild-snapshots",
        action="store_true",
        help=(
            "rebuild every snapshot from its events, also those a checkpoint vouches for "
            "(the slower check, for an auditor who does not trust the sealer's own)"
        ),
    )
    verifier.set_defaults(handler=verify_command)

    replay = subparsers.add_parser(
        "replay",
        help="rebuild the views from the log and compare them with the stored ones",
        description=(
            "Replay the whole log into scratch views and compare each with the stored view at "
            "the same position; exit 0 when all match, 1 when any differs, 3 when the store "
            "cannot be read. With --as-of, print "
            "the views as they stood at that recorded time instead."
        ),
    )
    add_common_arguments(replay)
    replay.add_argument("--as-of", type=moment_arg, metavar="ISO-TIME", help="recorded time")
    replay.set_defaults(handler=replay_command)

    audit = subparsers.add_parser("audit", help="re-check recorded decisions against the rules")
    audits = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    decisions = audits.add_parser(
        "decisions",
        help="re-evaluate every decision and deadline with the rule version it cites",
        description=(
            "Exit 0 when every decision and deadline is consistent with the rule in force "
            "then, 1 when one is not, 3 when the store cannot be read. Decisions flagged as "
            "lighter than required when they were recorded, and still found so, are "
            "consistent: listed apart, exit 0. What today's "
            "rules would decide differently is listed separately."
        ),
    )
    add_common_arguments(decisions)
    decisions.set_defaults(handler=decisions_command)

    timeline = subparsers.add_parser(
        "timeline", help="the story of an office, sidak, complaint or case, in plain words"
    )
    timeline.add_argument(
        "id",
        metavar="NAME",
        help="office code, sidak or complaint reference, case number, the NIP of a civil "
        "servant with one case, or a record id",
    )
    add_common_arguments(timeline)
    timeline.add_argument("--lang", choices=("id", "en"), default="id", help="language")
    timeline.add_argument(
        "--reveal",
        action="store_true",
        help="show sealed personal data (statements) instead of [sealed]; erased data stays erased",
    )
    timeline.set_defaults(handler=timeline_command)


def _projection_progress(args: argparse.Namespace) -> tuple[ProgressLine, Any]:
    line = ProgressLine(args, "replay")

    def show(p: Any) -> None:
        line.projection(p)
        if p.remaining == 0:
            line.done()

    return line, (show if line else None)


def replay_command(args: argparse.Namespace) -> int:
    # Imported here, as in the two commands below: ``verify`` and ``seal`` need none of the
    # domain, policy and projection code these bring (docs/performance.md, verify end to end).
    from pelayanan.audit.replay import rebuild_and_diff, views_as_of

    line, progress = _projection_progress(args)
    with open_service(args, read_only=True) as service:
        if args.as_of is not None:
            views = views_as_of(service, recorded_at=args.as_of, progress=progress)
            line.done()
            if args.json:
                print_json({"as_of": args.as_of.isoformat(), "views": views})
            else:
                for name, documents in views.items():
                    echo(f"{name}: {len(documents)} document(s) as of {args.as_of.isoformat()}")
                    for key, doc in documents.items():
                        echo(f"  {key}: {json.dumps(doc, ensure_ascii=False, sort_keys=True)}")
            return 0
        report = rebuild_and_diff(service, progress=progress)
        line.done()
    if args.json:
        print_json(report.to_dict())
    else:
        for view in report.views:
            behind = f", {view.behind} event(s) behind the log" if view.behind else ""
            echo(f"{view.projection}: {view.documents} document(s) at {view.position}{behind}")
        echo(
            "MATCH"
            if report.matches
            else f"DIFFERENT: {len(report.differences)} document(s) or row(s)"
            + (f", {len(report.problems)} problem(s)" if report.problems else "")
        )
        for p in report.problems:
            echo(f"  {p.kind}: {p.message}")
        for d in report.differences:
            echo(f"  {d.projection} {d.key}")
            echo(f"    stored:  {json.dumps(d.stored, ensure_ascii=False, sort_keys=True)}")
            echo(f"    rebuilt: {json.dumps(d.rebuilt, ensure_ascii=False, sort_keys=True)}")
    return 0 if report.matches else FINDINGS


def decisions_command(args: argparse.Namespace) -> int:
    from pelayanan.audit.decisions import audit_decisions
    from pelayanan.storage.lookup import name_of

    with open_service(args, read_only=True) as service:
        line = ProgressLine(args, "audit decisions", target=service.head)
        result = audit_decisions(service, progress=progress_callback(line))
        line.finish()
        names: dict[str, str] = {}
        for f in (*result.findings, *result.flagged, *result.today):
            if f.aggregate_id not in names:
                names[f.aggregate_id] = name_of(service, f.aggregate_id)
    if args.json:
        data = result.to_dict()
        for key in ("findings", "flagged_at_recording", "today_would_differ"):
            for item in data[key]:
                item["record"] = names[item["aggregate_id"]]
        print_json(data)
        return 0 if result.clean else FINDINGS
    echo(
        f"{result.decisions} decision(s) and {result.deadlines} deadline(s) re-checked: "
        + (
            "all consistent with the rules in force then"
            if result.clean
            else f"{len(result.findings)} inconsistent"
        )
        + (
            f"; {len(result.flagged)} decision(s) flagged when recorded (consistent)"
            if result.flagged
            else ""
        )
    )
    for f in result.findings:
        echo(f"  {f.kind}: {f.event} of {names[f.aggregate_id]} v{f.version} ({f.on}): {f.message}")
    if result.flagged:
        echo("flagged when recorded, and still lighter than required (consistent):")
        for f in result.flagged:
            echo(f"  {f.event} of {names[f.aggregate_id]} v{f.version} ({f.on}): {f.message}")
    if result.today:
        echo(f"today's rules ({result.today_date}) would differ in {len(result.today)} place(s):")
        for f in result.today:
            echo(f"  {f.event} of {names[f.aggregate_id]} v{f.version}: {f.message}")
    return 0 if result.clean else FINDINGS


def timeline_command(args: argparse.Namespace) -> int:
    from pelayanan.audit.timeline import build_timeline

    with open_service(args, vault="store" if args.reveal else None, read_only=True) as service:
        reveal = service.reveal if args.reveal else None
        found = build_timeline(service, args.id, lang=args.lang, reveal=reveal)
    if args.json:
        print_json(found.to_dict())
    else:
        # Stored text is made safe before the lines are joined, so a newline in it cannot
        # forge a line of its own.
        safe = attrs.evolve(
            found,
            entries=tuple(
                attrs.evolve(
                    e,
                    actor=terminal_safe(e.actor),
                    text=terminal_safe(e.text),
                    bases=tuple(map(terminal_safe, e.bases)),
                    rules=tuple(map(terminal_safe, e.rules)),
                    deadlines=tuple(map(terminal_safe, e.deadlines)),
                )
                for e in found.entries
            ),
        )
        for line in safe.render().splitlines():
            echo(line)
    return 0


def _every_arg(text: str) -> int:
    value = positive_arg(text)
    if value > MAX_EVERY:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_EVERY:,}, got {text!r:.40}")
    return value


def _open(args: argparse.Namespace, *, read_only: bool) -> LogStore:
    return open_log(args.db, read_only=read_only, application=args.application)


def _witness_path(args: argparse.Namespace, path: str, option: str) -> None:
    """A witness file is written only where no input (the store, someone's file) is lost."""
    try:
        check_output(path, kind="witness file", recognise=is_witness_file, db=args.db)
    except OutputRefused as exc:
        raise CliUsageError(f"pelayanan {args.command}: {option}: {exc}") from None


def _exportable(path: str) -> int:
    """Check before sealing that the witness file can be appended to; return its last seq."""
    try:
        last = last_seq_in_file(path)
        with open(path, "a", encoding="ascii"):
            pass
    except InvalidValue as exc:
        raise CliUsageError(f"pelayanan seal: --export: {exc}") from None
    except OSError as exc:
        raise CliUsageError(
            f"pelayanan seal: --export: cannot write {path}: {exc.strerror}"
        ) from None
    return last


def seal_command(args: argparse.Namespace) -> int:
    if args.export:
        _witness_path(args, args.export, "--export")
    try:
        signer = Signer.from_pem_file(args.key) if args.key else None
    except InvalidValue as exc:
        raise CliUsageError(f"pelayanan seal: --key: {exc}") from None
    exported = _exportable(args.export) if args.export else 0
    log = _open(args, read_only=False)
    try:
        # A checkpoint vouches for snapshots only once rebuilt from their events: domain code.
        snapshots = _service_snapshot_rebuild(args, opened=True)
        result = seal(log, every=args.every, signer=signer, snapshots=snapshots)
        # Everything the file lacks, not just this run's: an export that failed last time
        # (disk full, file moved away) leaves no gap in the witness's copy.
        missing = (
            [s for s in log.checkpoints() if s.checkpoint.seq > exported] if args.export else []
        )
    finally:
        log.close()
    if missing:
        append_checkpoint_file(args.export, missing)
    sealed = result.checkpoints
    # The events are sealed either way; a snapshot that differs from them is a finding.
    for problem in result.refused:
        echo(f"not vouched for: {problem.message}", err=True)
    found = 1 if result.refused else 0
    if args.json:
        print_json([s.checkpoint.body() | {"hash": s.hash, "key_id": s.key_id} for s in sealed])
        return found
    if not sealed:
        echo("nothing to seal: every event is already in a checkpoint")
        if missing:
            echo(f"appended {len(missing)} earlier checkpoint(s) missing from {args.export}")
        return found
    events = sum(s.checkpoint.event_count for s in sealed)
    last = sealed[-1]
    echo(
        f"sealed {events} events in {len(sealed)} checkpoint(s) "
        f"{sealed[0].checkpoint.seq}..{last.checkpoint.seq}, up to notification "
        f"{last.checkpoint.last_notification_id}"
    )
    echo(f"latest checkpoint hash: {last.hash}" + (" (signed)" if signer else ""))
    if args.export:
        echo(f"appended {len(missing)} checkpoint(s) to {args.export}; give them to the witness")
    return found


def export_command(args: argparse.Namespace) -> int:
    _witness_path(args, args.file, "FILE")
    log = _open(args, read_only=True)
    try:
        count = write_checkpoint_file(args.file, log.checkpoints())
    finally:
        log.close()
    echo(f"wrote {count} checkpoint(s) to {args.file}")
    return 0


def keygen_command(args: argparse.Namespace) -> int:
    exists = CliUsageError(f"pelayanan checkpoints keygen: {args.file} exists")
    if os.path.lexists(args.file):
        raise exists
    try:
        check_output(args.file, kind="signing key", recognise=lambda head: False)
    except OutputRefused as exc:
        raise CliUsageError(f"pelayanan checkpoints keygen: {exc}") from None
    signer = Signer.generate()
    try:
        signer.write_pem_file(args.file)
    except FileExistsError:
        raise exists from None
    echo(f"private key written to {args.file} (keep it with the sealer, nowhere else)")
    echo(f"public key: {signer.public_key.hex()}")
    echo(f"key id: {signer.key_id}")
    return 0


def verify_command(args: argparse.Namespace) -> int:
    try:
        public_key = parse_public_key(args.public_key) if args.public_key else None
    except InvalidValue as exc:
        raise CliUsageError(f"pelayanan verify: --public-key: {exc}") from None
    witness, unreadable = _witness(args.checkpoints)
    log = _open(args, read_only=True)
    try:
        line = ProgressLine(args, "verify", target=log.max_notification_id)
        log.progress = progress_callback(line)
        report = verify(
            log,
            witness=witness,
            public_key=public_key,
            application=args.application,
            snapshots=_service_snapshot_rebuild(args, opened=False),
            check_snapshots=not args.no_snapshots,
            rebuild_snapshots=args.rebuild_snapshots,
        )
        line.finish()
    finally:
        log.close()
    if unreadable is not None:
        # A witness file that cannot be read is a finding about the evidence, not a usage error.
        report = attrs.evolve(report, problems=(unreadable, *report.problems))
    if args.json:
        print_json(report.to_dict())
    else:
        _print_report(report)
    return 0 if report.intact else FINDINGS


def _witness(path: str | None) -> tuple[list[SealedCheckpoint] | None, Problem | None]:
    if path is None:
        return None, None
    try:
        return list(read_checkpoint_file(path)), None
    except InvalidValue as exc:
        # Verified against the store's own checkpoints, and the file named as unusable.
        return None, Problem("witness_malformed", f"the checkpoint file is unusable: {exc}")


def _service_snapshot_rebuild(args: argparse.Namespace, *, opened: bool) -> SnapshotRebuild | None:
    """Rebuilding a snapshot needs the domain code: pelayanan's own service, of which only the
    mapper is used. ``opened``: open it now (the sealer, before its write transaction);
    otherwise only when a snapshot needs rebuilding, so that a verify whose snapshots are all
    vouched for imports no domain code."""
    if args.application != DEFAULT_APPLICATION:
        return None

    def check() -> SnapshotRebuild:
        from pelayanan.audit.snapshots import snapshot_check
        from pelayanan.service import ComplianceService

        service = ComplianceService.open(args.db, read_only=True, warm_aggregates=0)
        try:
            return snapshot_check(service)
        finally:
            service.close()

    if opened:
        return check()

    def rebuild(reader: EventReader, tasks: Sequence[SnapshotTask]) -> Iterator[Problem]:
        yield from check()(reader, tasks)

    return rebuild


def _print_report(report: VerifyReport) -> None:
    echo("INTACT" if report.intact else f"BROKEN: {len(report.problems)} problem(s) found")
    echo(f"  events checked: {report.events} in {report.aggregates} aggregates")
    echo(
        f"  sealed: {report.sealed_events} events in {report.checkpoints} checkpoint(s); "
        f"witnessed: {report.witnessed_checkpoints}; signatures checked: "
        f"{report.signatures_checked}"
    )
    echo(
        f"  snapshots checked: {report.snapshots_checked} ({report.snapshots_sealed} against "
        f"their seals, {report.snapshots_rebuilt} rebuilt from their events); projection "
        f"positions checked: {report.tracking_checked}"
    )
    for limit in report.limits:
        echo(f"  not checked: {limit}")
    first = report.first_problem
    if first is None:
        return
    where = ", ".join(
        f"{name} {value}"
        for name, value in (
            ("notification", first.notification_id),
            ("aggregate", first.aggregate_id),
            ("version", first.version),
            ("checkpoint", first.checkpoint),
        )
        if value is not None
    )
    echo(f"first broken place: {where}")
    echo(f"what broke: {first.kind}: {first.message}")
    for problem in report.problems[1:]:
        echo(f"  - {problem.kind}: {problem.message}")
    if report.problems_not_listed:
        echo(f"  ... and {report.problems_not_listed} more")
