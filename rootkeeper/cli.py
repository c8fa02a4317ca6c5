"""The entry point. Parses the command line and dispatches to the command modules.

Imports are deferred to the command that needs them: the TUI must draw its first frame
before boto3 or moto are imported.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from rootkeeper.core.environment import AwsTarget


def _add_target_options(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    # On a subcommand the options default to "not given", not None: a subparser's default would
    # silently override `rootkeeper --endpoint-url URL status`, and send the calls to real AWS.
    default = argparse.SUPPRESS if sub else None
    parser.add_argument("--profile", default=default,
                        help="AWS profile from your config (default: the credential chain)")
    parser.add_argument("--region", default=default, help="AWS region for regional calls (default: from your config)")
    parser.add_argument("--endpoint-url", default=default,
                        help="send every AWS call here, e.g. a `rootkeeper world serve` endpoint")


def _add_keyring_option(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    parser.add_argument("--keyring", choices=("os", "file"), default=argparse.SUPPRESS if sub else None,
                        help="where real work keeps the journal and witness keys: the OS keyring, or an "
                             "encrypted file behind a passphrase (default: the OS keyring; ROOTKEEPER_KEYRING)")


def _add_world_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="acme", help="rehearsal scenario (default: acme)")
    parser.add_argument("--accounts", type=int, default=0, metavar="N", help="add N member accounts for scale")


def _add_traffic_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--latency-ms", type=float, default=0.0, metavar="L",
                        help="delay every AWS call by L milliseconds, as AWS round trips do")
    parser.add_argument("--throttle", type=float, default=0.0, metavar="P",
                        help="answer a share P (0..1) of calls with AWS's Throttling error")
    parser.add_argument("--throttle-seed", type=int, default=12, metavar="S",
                        help="seed of which calls are throttled (same seed, same sequence)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rootkeeper",
        description="Guided, journaled runbooks for the AWS root user.",
    )
    _add_target_options(parser)
    _add_keyring_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    rehearse = sub.add_parser("rehearse", help="the TUI against the rehearsal world")
    _add_world_options(rehearse)
    rehearse.add_argument("--identity", default=None, help="scenario identity to act as (default: operator)")
    rehearse.add_argument("--endpoint-url", dest="world_url", metavar="URL",
                          help="join the world `rootkeeper world serve` serves there, instead of starting one")
    rehearse.add_argument("--drill", metavar="RUNBOOK_ID", default=None,
                          help="run this break-glass runbook as a timed drill (result in the rehearsal journal)")

    status = sub.add_parser("status", help="root posture; exit 0 all pass, 1 findings, 2 error")
    _add_target_options(status, sub=True)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--rehearse", action="store_true", help="check the rehearsal world instead of AWS")
    status.add_argument("--no-journal", action="store_true", help="do not record this check in the journal")
    _add_keyring_option(status, sub=True)
    _add_world_options(status)

    custodians = sub.add_parser("custodians", help="the root custodians and their controls; exit codes as status")
    _add_target_options(custodians, sub=True)
    custodians.add_argument("--json", action="store_true", help="machine-readable output")
    custodians.add_argument("--rehearse", action="store_true", help="the rehearsal journal and world instead of AWS")
    _add_keyring_option(custodians, sub=True)
    _add_world_options(custodians)

    audit = sub.add_parser("audit", help="the signed audit journal")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    for name, text in (("show", "list the journal's entries"), ("verify", "check every signature and the chain"),
                       ("export", "write the journal, its public key and how to verify, to DIR"),
                       ("note", "append a signed note (TEXT) to the journal"),
                       ("report", "a printable record of one ceremony, for the binder"),
                       ("incident", "the incidents; with an id, one incident as a timeline")):
        action = audit_sub.add_parser(name, help=text)
        if name == "export":
            action.add_argument("dir", metavar="DIR")
        if name == "note":
            action.add_argument("text", metavar="TEXT")
            action.add_argument("--ceremony", metavar="ID", help="tie the note to this ceremony")
            action.add_argument("--operator", metavar="NAME", help="your name, as the journal should keep it")
        if name == "report":
            action.add_argument("ceremony_id", metavar="CEREMONY_ID")
            action.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
            action.add_argument("--output", metavar="FILE", help="write it to FILE instead of printing it")
        if name == "incident":
            action.add_argument("incident_id", metavar="ID", nargs="?", help="the incident (default: list them)")
            action.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
        action.add_argument("--journal", metavar="PATH", help="journal file (default: this machine's journal)")
        action.add_argument("--rehearse", action="store_true", help="the rehearsal journal")
        _add_keyring_option(action, sub=True)
        if name == "show":
            action.add_argument("--json", action="store_true")
        if name in ("verify", "report", "incident"):
            action.add_argument("--public-key", metavar="PEM", help="trust this public key instead of the keyring")
            action.add_argument("--expected-head", metavar="SEQ:HASH",
                                help="the head to check truncation against when the keyring is not there")

    witness = sub.add_parser("witness", help="your own witness key: enroll it, sign a co-signing challenge")
    witness_sub = witness.add_subparsers(dest="witness_command", metavar="ACTION", required=True)
    enroll = witness_sub.add_parser("enroll", help="create your witness key in your OS keyring; print its public key")
    enroll.add_argument("--name", help="your name as on the roster (default: your OS user name)")
    enroll.add_argument("--replace", action="store_true", help="replace the key already enrolled here")
    sign = witness_sub.add_parser("sign", help="sign the challenge the operator shows; print the signature")
    sign.add_argument("challenge", metavar="CHALLENGE", help="rootkeeper-cosign:v1:SEQ:HASH")
    for action in (enroll, sign):
        action.add_argument("--rehearse", action="store_true", help="a rehearsal witness key, not your real one")
        _add_keyring_option(action, sub=True)

    keyring = sub.add_parser("keyring", help="where real work's keys are kept; move them, keeping the same keys")
    keyring_sub = keyring.add_subparsers(dest="keyring_command", metavar="ACTION", required=True)
    keyring_sub.add_parser("where", help="say which keyring is chosen and whether it holds the journal key")
    migrate = keyring_sub.add_parser("migrate", help="move the journal key, its head and the witness key between "
                                                     "the encrypted file and the OS keyring (journaled)")
    migrate.add_argument("--to", required=True, choices=("os", "file"), help="where the keys go")
    migrate.add_argument("--journal", metavar="PATH", help="journal file (default: this machine's journal)")
    for action in keyring_sub.choices.values():
        _add_keyring_option(action, sub=True)

    org = sub.add_parser("org", help="the AWS Organization's member accounts")
    org_sub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    scan = org_sub.add_parser("scan", help="every member's root credentials through AssumeRoot; exit 0 all clean, "
                                           "1 findings or unread, 2 error, 130 interrupted (resumable)")
    _add_target_options(scan, sub=True)
    output = scan.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output")
    output.add_argument("--csv", action="store_true", help="one CSV row per member")
    scan.add_argument("--concurrency", type=int, default=16, metavar="C", help="calls in flight at most (default 16)")
    scan.add_argument("--resume", action="store_true", help="continue the scan a Ctrl-C interrupted")
    scan.add_argument("--rehearse", action="store_true",
                      help="scan the rehearsal world (in process, or the one served at --endpoint-url)")
    _add_world_options(scan)
    _add_traffic_options(scan)

    world = sub.add_parser("world", help="the rehearsal world")
    world_sub = world.add_subparsers(dest="world_command", metavar="ACTION", required=True)
    serve = world_sub.add_parser("serve", help="serve the rehearsal world as a local AWS endpoint")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--host", default="127.0.0.1")
    _add_world_options(serve)
    _add_traffic_options(serve)
    return parser


def target_from(args: argparse.Namespace) -> AwsTarget:
    return AwsTarget(profile=args.profile, region=args.region, endpoint_url=args.endpoint_url)


def main(argv: Sequence[str] | None = None) -> int:
    """Exit codes: 0 fine; 1 findings (a command's own meaning, e.g. `status`); 2 an error,
    always as ONE line on stderr, the traceback of an unexpected one in a log file it names."""
    args = build_parser().parse_args(argv)
    from rootkeeper.core.errors import RootkeeperError

    try:
        _check_endpoint_urls(args)
        if getattr(args, "keyring", None):
            from rootkeeper.journal.keyring_choice import select

            select(args.keyring)
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except RootkeeperError as error:
        print(" ".join(str(error).split()), file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - a bug: its traceback goes to a log file, not the terminal
        from rootkeeper.core.crash_log import report_unexpected

        print(report_unexpected(error, doing=_doing(args)), file=sys.stderr)
        return 2


def _check_endpoint_urls(args: argparse.Namespace) -> None:
    from rootkeeper.core.endpoint_url import endpoint_url_problem
    from rootkeeper.core.errors import ValidationError

    for option in ("endpoint_url", "world_url"):
        url = getattr(args, option, None)
        problem = endpoint_url_problem(url) if url is not None else None
        if problem:
            raise ValidationError(f"--endpoint-url: {problem}")


def _doing(args: argparse.Namespace) -> str:
    words = [args.command or "tui", getattr(args, "audit_command", None), getattr(args, "world_command", None),
             getattr(args, "org_command", None),
             getattr(args, "witness_command", None), getattr(args, "keyring_command", None)]
    return "running `rootkeeper " + " ".join(word for word in words if word) + "`"


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        from rootkeeper.commands.tui import run_live

        return run_live(target_from(args))
    if args.command == "rehearse":
        from rootkeeper.commands.tui import run_rehearsal

        return run_rehearsal(scenario=args.scenario, accounts=args.accounts, identity=args.identity,
                             endpoint_url=args.world_url, drill=args.drill)
    if args.command == "status":
        from rootkeeper.commands.status import run_status

        return run_status(args)
    if args.command == "custodians":
        from rootkeeper.commands.custodians import run_custodians

        return run_custodians(args)
    if args.command == "audit":
        from rootkeeper.commands.audit import run_audit

        return run_audit(args)
    if args.command == "witness":
        from rootkeeper.commands.witness import run_witness

        return run_witness(args)
    if args.command == "org":
        from rootkeeper.commands.org_scan import run_org_scan

        return run_org_scan(args)
    if args.command == "keyring":
        from rootkeeper.commands.keyring import run_keyring

        return run_keyring(args)
    if args.command == "world":
        from rootkeeper.commands.world import run_world

        return run_world(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
