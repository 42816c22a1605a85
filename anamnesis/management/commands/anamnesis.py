"""Export an anamnesis as anamnesis/v2 JSON, or import an anamnesis/v1 or v2 file as a
completed anamnesis.

    python manage.py anamnesis export 42
    python manage.py anamnesis import --client 7 intake.json     # or - for stdin

Bad input exits with status 2, one `path: problem` line per problem on stderr, nothing stored.
A good import prints the new id on stdout and, on stderr, one line for each thing the import
changed or left out: a v1 file read as v2, a `client` block that disagrees with the client record
(the record is kept), the outcome baseline an import does not store.
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from anamnesis.contract import (
    ContractInvalid,
    anamnesis_from_contract,
    anamnesis_to_contract,
    import_notes,
)
from anamnesis.models import Anamnesis
from clinic import audit
from clinic.models import AuditAction, Client, ConsentMissing
from plans.engine.validation import InputError, parse_json

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Export an anamnesis as anamnesis/v2 JSON, or import an anamnesis/v1 or v2 JSON file "
        "for a client."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Print the anamnesis/v2 JSON of an anamnesis.")
        export.add_argument("id", type=int)
        imported = actions.add_parser(
            "import",
            help="Store an anamnesis/v1 or v2 JSON file as a completed anamnesis (a v1 file is "
            "read as v2; what that changes is printed on stderr).",
        )
        imported.add_argument("--client", type=int, required=True, help="The client's id.")
        imported.add_argument(
            "--taken-by",
            help="Username recorded as the therapist (default: who recorded the consent).",
        )
        imported.add_argument("file", help="A JSON file, or - for standard input.")

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options["id"])
        return self.import_(options["client"], options["file"], options.get("taken_by"))

    def fail(self, problems):
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(BAD_INPUT)

    def export(self, pk):
        anamnesis = Anamnesis.objects.select_related("client").filter(pk=pk).first()
        if anamnesis is None:
            self.fail([f"id: no anamnesis with id {pk}"])
        doc = anamnesis_to_contract(anamnesis)
        self.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False))
        audit.by_command(AuditAction.EXPORTED, anamnesis, summary="anamnesis/v2 JSON")

    def import_(self, client_id, path, username):
        client = Client.objects.filter(pk=client_id).first()
        if client is None:
            self.fail([f"--client: no client with id {client_id}"])
        taken_by = self.therapist(client, username)
        try:
            doc = parse_json(self.read(path))
        except InputError as exc:
            self.fail(exc.problems)
        try:
            anamnesis = anamnesis_from_contract(client=client, taken_by=taken_by, doc=doc)
        except ContractInvalid as exc:
            self.fail(exc.problems)
        except ConsentMissing as exc:
            self.fail([f"--client: {exc}"])
        audit.by_command(
            AuditAction.CREATED, anamnesis, summary=f"import of {doc.get('schema', 'JSON')}"
        )
        for note in import_notes(client=client, doc=doc, on=anamnesis.taken_at):
            self.stderr.write(note)
        self.stdout.write(f"Stored anamnesis {anamnesis.pk}")

    def read(self, path):
        if path == "-":
            return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as exc:
            self.fail([f"{path}: cannot read the file ({exc.strerror})"])

    def therapist(self, client, username):
        users = get_user_model().objects
        if username:
            user = users.filter(
                username=username, membership__practice_id=client.practice_id
            ).first()
            if user is None:
                self.fail([f"--taken-by: no user {username!r} in the client's practice"])
            return user
        user = (
            client.consent_recorded_by
            or users.filter(membership__practice_id=client.practice_id).first()
        )
        if user is None:
            self.fail(["--taken-by: the client's practice has no therapist to record this"])
        return user
