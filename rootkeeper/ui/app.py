"""The app shell: the header state, the journal, and one factory for all.

``make_app`` serves the CLI, the tests and the screenshot script alike. It must stay cheap
to import: boto3 and moto are only imported by workers, after the first frame.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from rootkeeper.core.crash_log import report_unexpected
from rootkeeper.core.environment import Environment
from rootkeeper.core.identity import Identity
from rootkeeper.ui.command_provider import ActionsProvider
from rootkeeper.ui.connection import Connection
from rootkeeper.ui.journal_access import JournalAccess, JournalOpener, open_default_journal
from rootkeeper.ui.messages import EnvironmentOpened, IdentityKnown, RunbookRequested
from rootkeeper.ui.posture_reader import AwsPostureReader, PostureReader
from rootkeeper.ui.posture_screen import PostureScreen
from rootkeeper.ui.work import BlockingWork, Job


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class RootkeeperApp(BlockingWork, App[int]):
    TITLE = "rootkeeper"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave rootkeeper (ends an in-process rehearsal world)"),
        Binding("question_mark", "show_help", "Help", key_display="?",
                tooltip="Every key of this screen and what it does"),
        Binding("f1", "show_help", "Help", show=False, tooltip="Every key of this screen and what it does"),
        Binding("j", "show_journal", "Journal", tooltip="The signed audit journal"),
        Binding("u", "show_runbooks", "Runbooks", tooltip="Every runbook, and whether you can run it"),
        Binding("o", "show_organizations", "Organizations", tooltip="Every member account's root credentials: "
                "scan, select, delete them or allow password recovery"),
        Binding("ctrl+n", "write_note", "Note", tooltip="Write a signed note in the journal (on a ceremony's "
                "screen, tied to that ceremony)"),
    ]

    environment: var[Environment | None] = var(None)
    identity: var[Identity | None] = var(None)
    expected_scenario: var[str | None] = var(None)  # the scenario asked for, before the world runs
    connection_note: var[str] = var("Connecting…")
    crash_line: str | None = None  # set when the app stopped on an unexpected exception

    def __init__(self, connection: Connection, journal: JournalAccess, *, clock: Callable[[], datetime],
                 expected_scenario: str | None = None, drill: str | None = None) -> None:
        super().__init__()
        self.drill = drill
        self.connection = connection
        self.journal = journal
        self.clock = clock
        self.set_reactive(RootkeeperApp.expected_scenario, expected_scenario)
        if expected_scenario:
            self.set_reactive(RootkeeperApp.connection_note, f"Starting the {expected_scenario} rehearsal world…")

    def on_mount(self) -> None:
        from rootkeeper.journal.passphrase import install_asker
        from rootkeeper.ui.passphrase_screen import ask_from_worker

        # The encrypted keyring file's passphrase (--keyring file) is asked in a modal, never on the
        # terminal under the app: the worker that first opens the journal waits for the answer.
        install_asker(lambda path, new, problem: ask_from_worker(self, path, new, problem))
        self.push_screen(PostureScreen())
        if self.drill:  # `rootkeeper rehearse --drill RUNBOOK_ID`
            self.call_after_refresh(self.open_ceremony, self.drill, drill=True)
            return
        self.call_after_refresh(self.offer_unfinished_ceremonies)
        self.call_after_refresh(self._check_runbooks)

    def _check_runbooks(self) -> None:
        """A step without a handler or a panel is found here, at start-up, not by an operator
        who reaches it: a failure opens the error modal (rootkeeper.ui.work)."""
        from rootkeeper.ui.runbook_catalogue import check_catalogue

        self.run_job(Job(check_catalogue, lambda _: None, doing="check the runbooks"))

    def on_unmount(self) -> None:
        from rootkeeper.journal.passphrase import install_asker

        install_asker(None)
        self.connection.close()  # quitting discards the rehearsal world

    def on_environment_opened(self, message: EnvironmentOpened) -> None:
        self.environment = message.environment  # type: ignore[assignment]

    def on_identity_known(self, message: IdentityKnown) -> None:
        self.identity = message.identity  # type: ignore[assignment]

    # --- runbooks and ceremonies (the screens are imported when first used) ------------------
    def on_runbook_requested(self, message: RunbookRequested) -> None:
        from rootkeeper.core.runbooks import RUNBOOKS
        from rootkeeper.ui.runbooks_screen import unknown_runbook_notice

        known = message.runbook_id in RUNBOOKS
        self.action_show_runbooks(highlight=message.runbook_id if known else None,
                                  notice=None if known else unknown_runbook_notice(message.runbook_id))

    def show_runbook(self, runbook_id: str) -> None:
        """The Runbooks screen with ``runbook_id`` highlighted: Enter starts it (the command palette)."""
        from rootkeeper.ui.runbooks_screen import RunbooksScreen

        if isinstance(self.screen, RunbooksScreen):
            self.screen.highlight_runbook(runbook_id)
        else:
            self.action_show_runbooks(highlight=runbook_id)

    def action_show_runbooks(self, highlight: str | None = None, notice: str | None = None) -> None:
        from rootkeeper.ui.runbooks_screen import RunbooksScreen

        if not isinstance(self.screen, RunbooksScreen):
            chooser = RunbooksScreen(highlight=highlight, notice=notice)
            self.push_screen(chooser, lambda runbook_id: self.open_ceremony(runbook_id, drill=chooser.as_drill)
                             if runbook_id else None)

    def action_show_organizations(self) -> None:
        from rootkeeper.ui.org_screen import OrganizationsScreen

        if not isinstance(self.screen, OrganizationsScreen):
            self.push_screen(OrganizationsScreen())

    def open_ceremony(self, runbook_id: str, saved=None, drill: bool = False) -> None:
        from rootkeeper.ui.ceremony_screen import CeremonyScreen
        from rootkeeper.ui.drill_screen import DrillScreen

        screen = (DrillScreen if drill else CeremonyScreen)(runbook_id, saved=saved)
        self.push_screen(screen, lambda _status: self._after_ceremony(screen))

    def _after_ceremony(self, screen) -> None:
        from rootkeeper.ui.drill_screen import DrillScreen, drill_recorded, record_drill

        if isinstance(screen, DrillScreen):
            ended = self.clock()
            self.run_job(Job(lambda: record_drill(screen, ended), lambda result: drill_recorded(self, result),
                             doing="journal the drill"))
        ceremony = getattr(screen, "ceremony", None)
        if ceremony is not None and ceremony.facts.get("session_ended") and self.connection.switch_identity("operator"):
            self.notify("The root key rootkeeper used is deleted; in this rehearsal it now acts as the IAM user "
                        "'operator'.", title="Identity changed")
        self._refresh_posture()

    def _refresh_posture(self) -> None:
        if isinstance(self.screen, PostureScreen):
            self.screen.action_refresh_posture()

    def offer_unfinished_ceremonies(self) -> None:
        from rootkeeper.core.progress import ProgressStore

        rehearsal = self.environment.rehearsal if self.environment else self.expected_scenario is not None
        unfinished = ProgressStore.in_data_dir(rehearsal=rehearsal).unfinished()  # a few small files
        if unfinished:
            from rootkeeper.ui.resume_screen import ResumeScreen

            self.push_screen(ResumeScreen(unfinished),
                             lambda saved: self.open_ceremony(saved.runbook_id, saved) if saved else None)

    # --- help and the command palette -------------------------------------------------------
    def action_show_help(self) -> None:
        from rootkeeper.ui.help_screen import HelpScreen
        from rootkeeper.ui.key_summary import key_actions

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        title = getattr(self.screen, "help_title", None) or type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title, key_actions(self.screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's, less Quit (a binding of ours already lists it) and Screenshot (a screen
        may show a secret); Keys opens rootkeeper's help screen, which Escape closes."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Every key of this screen and what it does", self.action_show_help)
            elif command.title not in ("Quit", "Screenshot"):
                yield command

    # --- a crash outside any worker ----------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        # Textual would print the traceback *with its local variables* (secrets among them) on
        # the terminal and exit 1 (which `status` uses for findings): one line and exit 2 instead.
        self.crash_line = report_unexpected(error, doing="running the TUI")
        super()._handle_exception(error)
        self._return_code = 2

    def _fatal_error(self) -> None:
        self.bell()
        # Nothing for Textual to print: the command prints crash_line, unwrapped, once the app is gone.
        self._close_messages_no_wait()

    # --- journal ---------------------------------------------------------------------------
    def action_write_note(self) -> None:
        from rootkeeper.ui.note_screen import NoteScreen, note_job

        if isinstance(self.screen, NoteScreen):
            return
        ceremony_id = getattr(getattr(self.screen, "ceremony", None), "id", None)
        rehearsal = self.environment.rehearsal if self.environment else self.expected_scenario is not None

        def noted(entry) -> None:
            tied = f" (ceremony {ceremony_id})" if ceremony_id else ""
            self.notify(f"Signed and written as journal entry seq {getattr(entry, 'seq', '?')}{tied}.",
                        title="Note written")

        self.push_screen(NoteScreen(ceremony_id), lambda text: self.run_job(
            note_job(self, text, ceremony_id, rehearsal=rehearsal, done=noted)) if text else None)

    def action_show_journal(self) -> None:
        from rootkeeper.ui.journal_screen import JournalScreen

        self._open_journal(JournalScreen)

    def _open_journal(self, screen_class: type) -> None:
        rehearsal = self.environment.rehearsal if self.environment else self.expected_scenario is not None
        self.run_job(Job(lambda: self.journal.open(rehearsal=rehearsal),  # keyring I/O: not on the UI thread
                         lambda journal: self.push_screen(screen_class(journal)), doing="open the journal"))


def make_app(environment_factory: Callable[[], Environment], *, clock: Callable[[], datetime] | None = None,
             posture_reader: PostureReader | None = None, journal_opener: JournalOpener | None = None,
             expected_scenario: str | None = None, drill: str | None = None) -> RootkeeperApp:
    """The app. ``environment_factory`` runs in a worker after the first frame (it may start
    the rehearsal world); ``expected_scenario`` lets the REHEARSAL band show before it has."""
    connection = Connection(environment_factory, posture_reader or AwsPostureReader())
    journal = JournalAccess(journal_opener or open_default_journal)
    return RootkeeperApp(connection, journal, clock=clock or _utc_now, expected_scenario=expected_scenario,
                         drill=drill)
