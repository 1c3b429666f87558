"""`songwish`: the operational command line (serve, migrations, catalogue, users, orders).

Each subcommand imports its module lazily so `songwish --help` stays instant and
a command only pays for what it uses.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence

from songwish.settings import MissingSettingsError, get_settings

Handler = Callable[[argparse.Namespace], int]


def _serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    settings.check_production()

    from songwish.server import prepare, serve

    prepare(settings)
    if args.check:
        print("songwish: configuration, database and catalogue index are ready")
        return 0
    # The settings say where this process really listens: the app calls itself
    # there (the commerce sandbox), whatever PUBLIC_URL shows to people.
    settings.host, settings.port = args.host or settings.host, args.port or settings.port
    serve(settings, host=settings.host, port=settings.port)
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from store.migrate import upgrade

    upgrade(get_settings(), revision=args.revision)
    print(f"database upgraded to {args.revision}")
    return 0


def _db_downgrade(args: argparse.Namespace) -> int:
    from store.migrate import downgrade

    downgrade(get_settings(), revision=args.revision)
    print(f"database downgraded to {args.revision}")
    return 0


def _catalog_build(args: argparse.Namespace) -> int:
    from knowledge.index import build_index

    report = build_index(get_settings(), force=args.force)
    print(report.summary())
    return 0


def _catalog_vectors(args: argparse.Namespace) -> int:
    from knowledge.embeddings import embedding_function_for
    from knowledge.vectors import regenerate
    from songwish.startup import StartupProgress

    settings = get_settings()
    report = regenerate(settings, embedding_function_for(settings), StartupProgress())
    print(report.summary())
    return 0


def _catalog_import(args: argparse.Namespace) -> int:
    from knowledge.importer import ImportRejected, import_file

    try:
        report = import_file(get_settings(), args.file)
    except ImportRejected as rejected:
        print(rejected.report(), file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _catalog_status(args: argparse.Namespace) -> int:
    from knowledge.index import index_status

    print(index_status(get_settings()).summary())
    return 0


def _user_create(args: argparse.Namespace) -> int:
    from store.users import create_local_user_sync

    user = create_local_user_sync(
        get_settings(), email=args.email, password=args.password, display_name=args.name
    )
    print(f"created user {user.email} ({user.id})")
    return 0


def _orders_reconcile(args: argparse.Namespace) -> int:
    from commerce.reconcile import reconcile_pending_orders

    report = asyncio.run(reconcile_pending_orders(get_settings()))
    print(report.summary())
    return 0


def _orders_retry_licences(args: argparse.Namespace) -> int:
    from commerce.issuance import retry_failed
    from store.db import Database

    async def run() -> bool:
        database = Database.from_settings(get_settings())
        try:
            return await retry_failed(database, order_id=args.order_id)
        finally:
            await database.dispose()

    if not asyncio.run(run()):
        print(f"order {args.order_id}: no failed licence work to retry", file=sys.stderr)
        return 1
    print(f"order {args.order_id}: licence work queued again (the running server's sweep takes it)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The full command tree; `songwish <command> --help` documents each one."""
    parser = argparse.ArgumentParser(
        prog="songwish",
        description="SongWish, the conversational assistant for music gifts.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="apply migrations, build a missing catalogue index, serve the app"
    )
    serve.add_argument("--host", help="interface to bind (default HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to bind (default PORT or 8000)")
    serve.add_argument(
        "--check", action="store_true", help="prepare everything, then exit without serving"
    )
    serve.set_defaults(handler=_serve)

    db = commands.add_parser("db", help="database migrations").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    upgrade = db.add_parser("upgrade", help="apply migrations up to a revision")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=_db_upgrade)
    downgrade = db.add_parser("downgrade", help="revert migrations down to a revision")
    downgrade.add_argument("revision")
    downgrade.set_defaults(handler=_db_downgrade)

    catalog = commands.add_parser("catalog", help="the gift catalogue index").add_subparsers(
        dest="catalog_command", required=True, metavar="ACTION"
    )
    build = catalog.add_parser("build", help="validate, embed and index the shipped catalogue")
    build.add_argument("--force", action="store_true", help="re-embed every item")
    build.set_defaults(handler=_catalog_build)
    catalog.add_parser(
        "vectors",
        help="regenerate the precomputed vectors shipped for the catalogue (embeds what changed)",
    ).set_defaults(handler=_catalog_vectors)
    importer = catalog.add_parser("import", help="add or update items from a JSONL or CSV file")
    importer.add_argument("file")
    importer.set_defaults(handler=_catalog_import)
    catalog.add_parser("status", help="is the index present and fresh?").set_defaults(
        handler=_catalog_status
    )

    user = commands.add_parser("user", help="local development accounts").add_subparsers(
        dest="user_command", required=True, metavar="ACTION"
    )
    create = user.add_parser("create", help="create a local account (development login)")
    create.add_argument("email")
    create.add_argument("password")
    create.add_argument("--name", default=None, help="display name")
    create.set_defaults(handler=_user_create)

    orders = commands.add_parser("orders", help="orders").add_subparsers(
        dest="orders_command", required=True, metavar="ACTION"
    )
    orders.add_parser(
        "reconcile", help="re-read pending orders from FastSpring (lost webhooks)"
    ).set_defaults(handler=_orders_reconcile)
    retry = orders.add_parser(
        "retry-licences", help="retry an order's failed licence issuance or disable"
    )
    retry.add_argument("order_id")
    retry.set_defaults(handler=_orders_retry_licences)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `songwish` console script."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except MissingSettingsError as error:
        print(f"songwish: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
