/*
 * secret.c — the session's secret in the Secret Service through libsecret's
 * async calls, or in memory when there is none.
 *
 * Detection never blocks the loop: the session bus is reached with
 * g_bus_get(), then org.freedesktop.secrets must have an owner or be
 * activatable.  A bare SSH login has no session bus at all and ends up
 * "memory" within milliseconds instead of waiting for a D-Bus timeout.
 */
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "secret.h"

#define SECRET_BUS_NAME	"org.freedesktop.secrets"
#define SECRET_DBUS_MS	3000

static const SecretSchema schema = {
	SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
	{
		{ "lender", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "phone", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
	0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

enum secret_kind { OP_STORE, OP_LOOKUP, OP_CLEAR };

struct secret_op {
	enum secret_kind	 kind;
	char			*lender;
	char			*phone;		/* masked */
	char			*value;		/* secret, wiped */
	char			*found;		/* lookup's answer, secret */
	int			 ok;
	secret_done_cb		 done_cb;
	secret_lookup_cb	 lookup_cb;
	void			*arg;
	GList			*stale;		/* store: items to delete */
	struct secret_op	*next;
};

static struct {
	int		 detecting;
	int		 available;
	secret_ready_cb	 ready_cb;
	void		*ready_arg;
	GDBusConnection	*bus;
	struct secret_op *head, **tail;
	int		 busy;
	char		*mem_lender;	/* the memory-only store */
	char		*mem_value;
} sec = { .tail = &sec.head };

static void	secret_run(void);
/* Told when the keyring fails and the store moves to memory (session.c
 * says so to clients: session.status shows where the session is kept). */
static void	(*fallback_hook)(void);

void
secret_on_fallback(void (*fn)(void))
{
	fallback_hook = fn;
}

int
secret_available(void)
{
	return (sec.available);
}

static void
secret_ready(int available)
{
	sec.detecting = 0;
	sec.available = available;
	log_info("session storage: %s", available ? "Secret Service" :
	    "memory only");
	if (sec.ready_cb != NULL)
		sec.ready_cb(available, sec.ready_arg);
	secret_run();
}

static void
activatable_done(GObject *src, GAsyncResult *res, void *arg)
{
	GVariant	*v;
	GVariantIter	*it;
	GError		*error = NULL;
	const char	*name;
	int		 found = 0;

	(void)arg;
	v = g_dbus_connection_call_finish(G_DBUS_CONNECTION(src), res, &error);
	if (v == NULL) {
		log_warnx("ListActivatableNames: %s", error->message);
		g_error_free(error);
		secret_ready(0);
		return;
	}
	g_variant_get(v, "(as)", &it);
	while (g_variant_iter_loop(it, "&s", &name))
		if (strcmp(name, SECRET_BUS_NAME) == 0)
			found = 1;
	g_variant_iter_free(it);
	g_variant_unref(v);
	if (!found)
		log_info("no Secret Service on the session bus");
	secret_ready(found);
}

static void
has_owner_done(GObject *src, GAsyncResult *res, void *arg)
{
	GVariant	*v;
	GError		*error = NULL;
	gboolean	 owned = FALSE;

	(void)arg;
	v = g_dbus_connection_call_finish(G_DBUS_CONNECTION(src), res, &error);
	if (v == NULL) {
		log_warnx("NameHasOwner: %s", error->message);
		g_error_free(error);
		secret_ready(0);
		return;
	}
	g_variant_get(v, "(b)", &owned);
	g_variant_unref(v);
	if (owned) {
		secret_ready(1);
		return;
	}
	/* Not running yet; D-Bus can still start it on first use. */
	g_dbus_connection_call(sec.bus, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus",
	    "ListActivatableNames", NULL, G_VARIANT_TYPE("(as)"),
	    G_DBUS_CALL_FLAGS_NONE, SECRET_DBUS_MS, NULL, activatable_done,
	    NULL);
}

static void
bus_done(GObject *src, GAsyncResult *res, void *arg)
{
	GError	*error = NULL;

	(void)src;
	(void)arg;
	if ((sec.bus = g_bus_get_finish(res, &error)) == NULL) {
		log_info("no session bus: %s", error->message);
		g_error_free(error);
		secret_ready(0);
		return;
	}
	g_dbus_connection_call(sec.bus, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
	    g_variant_new("(s)", SECRET_BUS_NAME), G_VARIANT_TYPE("(b)"),
	    G_DBUS_CALL_FLAGS_NONE, SECRET_DBUS_MS, NULL, has_owner_done, NULL);
}

static gboolean
ready_idle(void *arg)
{
	(void)arg;
	secret_ready(0);
	return (G_SOURCE_REMOVE);
}

void
secret_init(int keyring, secret_ready_cb cb, void *arg)
{
	sec.ready_cb = cb;
	sec.ready_arg = arg;
	sec.detecting = 1;
	if (!keyring) {
		log_info("keyring disabled by configuration");
		g_idle_add(ready_idle, NULL);
		return;
	}
	g_bus_get(G_BUS_TYPE_SESSION, NULL, bus_done, NULL);
}

/* ---- the queue ---- */

static void
op_free(struct secret_op *op)
{
	free(op->lender);
	free(op->phone);
	xfree_secret(op->value);
	xfree_secret(op->found);
	g_list_free_full(op->stale, g_object_unref);
	free(op);
}

static void
op_enqueue(struct secret_op *op)
{
	*sec.tail = op;
	sec.tail = &op->next;
	secret_run();
}

/* Delivers the head op's answer and starts the next one. */
static void
op_finish(struct secret_op *op)
{
	char	*found;

	if ((sec.head = op->next) == NULL)
		sec.tail = &sec.head;
	sec.busy = 0;
	if (op->kind == OP_LOOKUP) {
		found = op->found;
		op->found = NULL;
		op->lookup_cb(found, op->arg);
	} else if (op->done_cb != NULL)
		op->done_cb(op->ok, op->arg);
	op_free(op);
	secret_run();
}

static void
mem_clear(void)
{
	free(sec.mem_lender);
	sec.mem_lender = NULL;
	xfree_secret(sec.mem_value);
	sec.mem_value = NULL;
}

static gboolean
mem_run(void *arg)
{
	struct secret_op	*op = arg;

	switch (op->kind) {
	case OP_STORE:
		mem_clear();
		sec.mem_lender = xstrdup(op->lender);
		sec.mem_value = xstrdup(op->value);
		op->ok = 1;
		break;
	case OP_LOOKUP:
		if (sec.mem_lender != NULL &&
		    strcmp(sec.mem_lender, op->lender) == 0)
			op->found = xstrdup(sec.mem_value);
		break;
	case OP_CLEAR:
		mem_clear();
		op->ok = 1;
		break;
	}
	op_finish(op);
	return (G_SOURCE_REMOVE);
}

/* The item's attributes; phone (masked: attributes are not secret, and
 * items are looked up by lender alone) may be NULL. */
static GHashTable *
op_attributes(struct secret_op *op, char *phone)
{
	GHashTable	*attrs;

	attrs = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(attrs, (char *)"lender", op->lender);
	if (phone != NULL)
		g_hash_table_insert(attrs, (char *)"phone", phone);
	return (attrs);
}

/* The keyring failed us: keep the session in memory from now on. */
static void
keyring_failed(struct secret_op *op, const char *what, GError *error)
{
	log_warnx("Secret Service %s failed, keeping the session in memory: "
	    "%s", what, error->message);
	g_error_free(error);
	sec.available = 0;
	if (op->kind == OP_STORE) {
		mem_clear();
		sec.mem_lender = xstrdup(op->lender);
		sec.mem_value = xstrdup(op->value);
	}
	op->ok = 0;
	op_finish(op);
	if (fallback_hook != NULL)
		fallback_hook();
}

static void
store_done(GObject *src, GAsyncResult *res, void *arg)
{
	struct secret_op	*op = arg;
	GError			*error = NULL;

	(void)src;
	if (!secret_password_store_finish(res, &error)) {
		keyring_failed(op, "store", error);
		return;
	}
	log_debug("session stored in the Secret Service");
	op->ok = 1;
	op_finish(op);
}

/* The session's item itself, written in one step: the Secret Service
 * replaces an item with the same attributes, so a daemon killed in the
 * middle leaves either the old session or the new one, never none (a
 * refreshed pair is used only once it is stored, so the old one is
 * still good with the lender until then). */
static void
store_write(struct secret_op *op)
{
	GHashTable	*attrs;
	char		*label;

	xasprintf(&label, "kabinet session %s at %s", op->phone, op->lender);
	attrs = op_attributes(op, op->phone);
	secret_password_storev(&schema, attrs, SECRET_COLLECTION_DEFAULT,
	    label, op->value, NULL, store_done, op);
	g_hash_table_unref(attrs);
	free(label);
}

static void	store_delete_next(struct secret_op *);

static void
store_deleted(GObject *src, GAsyncResult *res, void *arg)
{
	struct secret_op	*op = arg;
	GError			*error = NULL;

	if (!secret_item_delete_finish(SECRET_ITEM(src), res, &error)) {
		keyring_failed(op, "clear", error);
		return;
	}
	store_delete_next(op);
}

static void
store_delete_next(struct secret_op *op)
{
	GList		*l = op->stale;
	SecretItem	*item;

	if (l == NULL) {
		store_write(op);
		return;
	}
	item = l->data;
	op->stale = g_list_delete_link(op->stale, l);
	secret_item_delete(item, NULL, store_deleted, op);
	g_object_unref(item);
}

/* The lender's items that are not this phone's (another borrower's, or
 * one an older kabinetd stored with the full number) go before ours is
 * written: items are looked up by lender alone. */
static void
store_searched(GObject *src, GAsyncResult *res, void *arg)
{
	struct secret_op	*op = arg;
	GError			*error = NULL;
	GHashTable		*attrs;
	GList			*items, *l;
	const char		*phone;

	(void)src;
	items = secret_service_search_finish(NULL, res, &error);
	if (error != NULL) {
		keyring_failed(op, "search", error);
		return;
	}
	for (l = items; l != NULL; l = l->next) {
		attrs = secret_item_get_attributes(l->data);
		phone = g_hash_table_lookup(attrs, "phone");
		if (phone == NULL || strcmp(phone, op->phone) != 0)
			op->stale = g_list_prepend(op->stale,
			    g_object_ref(l->data));
		g_hash_table_unref(attrs);
	}
	g_list_free_full(items, g_object_unref);
	store_delete_next(op);
}

static void
lookup_done(GObject *src, GAsyncResult *res, void *arg)
{
	struct secret_op	*op = arg;
	GError			*error = NULL;
	char			*pw;

	(void)src;
	pw = secret_password_lookup_finish(res, &error);
	if (error != NULL) {
		log_warnx("Secret Service lookup failed: %s", error->message);
		g_error_free(error);
	}
	if (pw != NULL) {
		op->found = xstrdup(pw);
		secret_password_free(pw);
	}
	op_finish(op);
}

static void
clear_done(GObject *src, GAsyncResult *res, void *arg)
{
	struct secret_op	*op = arg;
	GError			*error = NULL;

	(void)src;
	secret_password_clear_finish(res, &error);
	if (error != NULL) {
		log_warnx("Secret Service clear failed: %s", error->message);
		g_error_free(error);
		op->ok = 0;
	} else
		op->ok = 1;
	op_finish(op);
}

static void
secret_run(void)
{
	struct secret_op	*op = sec.head;
	GHashTable		*attrs;

	if (sec.detecting || sec.busy || op == NULL)
		return;
	sec.busy = 1;
	if (!sec.available) {
		g_idle_add(mem_run, op);
		return;
	}
	/* Whatever was kept in memory meanwhile is superseded. */
	if (op->kind != OP_LOOKUP)
		mem_clear();
	attrs = op_attributes(op, NULL);
	switch (op->kind) {
	case OP_STORE:
		secret_service_search(NULL, &schema, attrs, SECRET_SEARCH_ALL,
		    NULL, store_searched, op);
		break;
	case OP_LOOKUP:
		secret_password_lookupv(&schema, attrs, NULL, lookup_done, op);
		break;
	case OP_CLEAR:
		secret_password_clearv(&schema, attrs, NULL, clear_done, op);
		break;
	}
	g_hash_table_unref(attrs);
}

static struct secret_op *
op_new(enum secret_kind kind, const char *lender, void *arg)
{
	struct secret_op	*op;

	op = xcalloc(1, sizeof *op);
	op->kind = kind;
	op->lender = xstrdup(lender);
	op->arg = arg;
	return (op);
}

void
secret_store(const char *lender, const char *phone, const char *value,
    secret_done_cb cb, void *arg)
{
	struct secret_op	*op = op_new(OP_STORE, lender, arg);
	char			 masked[32];

	/* Only the masked form is kept: it is all the item shows. */
	phone_mask(phone, masked, sizeof masked);
	op->phone = xstrdup(masked);
	op->value = xstrdup(value);
	op->done_cb = cb;
	op_enqueue(op);
}

void
secret_lookup(const char *lender, secret_lookup_cb cb, void *arg)
{
	struct secret_op	*op = op_new(OP_LOOKUP, lender, arg);

	op->lookup_cb = cb;
	op_enqueue(op);
}

void
secret_clear(const char *lender, secret_done_cb cb, void *arg)
{
	struct secret_op	*op = op_new(OP_CLEAR, lender, arg);

	op->done_cb = cb;
	op_enqueue(op);
}
