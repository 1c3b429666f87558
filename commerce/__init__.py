"""Paying for gifts and delivering licence keys: FastSpring, LicenseSpring, or the local sandbox.

Entry points (everything else is private to the package):
    service.build_commerce(settings, http_client) -> Commerce
    orders.create_order / list_orders / get_order / refund_order / describe_order
    licences.verify_order_licences / check_licence
    tasks.commerce_tasks(settings), tasks.worker_context(...)  (licence, disable, refund jobs)
    issuance.retry_failed            (`songwish orders retry-licences`)
    events.handle_webhook            (behind POST /api/webhooks/fastspring)
    reconcile.reconcile_pending_orders  (`songwish orders reconcile`)
    sandbox.create_sandbox_app(settings)
Errors: commerce.errors (vendor and webhook failures, each with `code` and `http_status`).
"""
