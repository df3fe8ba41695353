/*
 * desktop.c — a new message from the lender as a desktop notification
 * (org.freedesktop.Notifications.Notify on the session bus, the Desktop
 * Notifications Specification 1.2), where the session bus offers one;
 * where there is no bus or no such service nothing is shown and nothing
 * is said above debug.  Only the lender's title and text go out: no
 * account, phone, name or identifier.  desktop_notifications = no in
 * kabinetd.conf turns it off.
 */
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "kabinet/log.h"
#include "kabinetd.h"

#define DESKTOP_BUS_NAME	"org.freedesktop.Notifications"
#define DESKTOP_PATH		"/org/freedesktop/Notifications"
#define DESKTOP_DBUS_MS		5000

struct desktop_note {
	char	*title;
	char	*text;
};

/* Russian when the daemon's environment asks for it, as gettext reads
 * it: LANGUAGE, then LC_ALL, LC_MESSAGES, LANG. */
static int
desktop_russian(void)
{
	static const char *const vars[] = {
		"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG",
	};
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return strncmp(v, "ru", 2) == 0;
	return 0;
}

static void
desktop_note_free(struct desktop_note *d)
{
	g_free(d->title);
	g_free(d->text);
	g_free(d);
}

static void
notify_done(GObject *src, GAsyncResult *res, void *arg)
{
	GError		*error = NULL;
	GVariant	*v;

	(void)arg;
	v = g_dbus_connection_call_finish(G_DBUS_CONNECTION(src), res,
	    &error);
	if (v == NULL) {
		log_debug("desktop notification not shown: %s",
		    error->message);
		g_error_free(error);
		return;
	}
	g_variant_unref(v);
}

static void
bus_done(GObject *src, GAsyncResult *res, void *arg)
{
	struct desktop_note *d = arg;
	GDBusConnection	*bus;
	GVariantBuilder	 hints;
	GError		*error = NULL;

	(void)src;
	if ((bus = g_bus_get_finish(res, &error)) == NULL) {
		log_debug("no desktop notification: no session bus: %s",
		    error->message);
		g_error_free(error);
		desktop_note_free(d);
		return;
	}
	g_variant_builder_init(&hints, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&hints, "{sv}", "desktop-entry",
	    g_variant_new_string("kabinet"));
	g_variant_builder_add(&hints, "{sv}", "urgency",
	    g_variant_new_byte(1));
	g_dbus_connection_call(bus, DESKTOP_BUS_NAME, DESKTOP_PATH,
	    DESKTOP_BUS_NAME, "Notify", g_variant_new("(susssasa{sv}i)",
	    "kabinet", 0, "", d->title, d->text, NULL, &hints, -1),
	    G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, DESKTOP_DBUS_MS,
	    NULL, notify_done, NULL);
	g_object_unref(bus);
	desktop_note_free(d);
}

/* The lender's words in the daemon's language (the other if missing). */
static const char *
desktop_words(json_t *n, const char *key, int ru)
{
	json_t		*w = json_object_get(n, key);
	const char	*s = json_string_value(json_object_get(w, ru ? "ru" :
			    "en"));

	if (s == NULL)
		s = json_string_value(json_object_get(w, ru ? "en" : "ru"));
	return s;
}

void
desktop_show(json_t *notification)
{
	struct desktop_note *d;
	const char	*title, *text;
	int		 ru = desktop_russian();

	if (!cfg.desktop_notifications)
		return;
	title = desktop_words(notification, "title", ru);
	text = desktop_words(notification, "text", ru);
	if (title == NULL)
		return;
	d = g_new0(struct desktop_note, 1);
	d->title = g_strdup(title);
	d->text = g_strdup(text != NULL ? text : "");
	g_bus_get(G_BUS_TYPE_SESSION, NULL, bus_done, d);
}
