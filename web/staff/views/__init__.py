"""Pages for social workers and coordinators, one module per noun. Views parse input, call one
selector or service, and render; who sees what is decided by the selectors, business rules by
the services, what a page shows by `web.staff.presenters`."""
