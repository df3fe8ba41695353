/*
 * notifyd — a tiny desktop notification server for the tests: owns
 * org.freedesktop.Notifications on the session bus (DBUS_SESSION_BUS_ADDRESS)
 * and prints each Notify call as one line of JSON on stdout
 * ({app_name, replaces_id, app_icon, summary, body, actions, hints,
 * expire_timeout}, hints by name with their values printed by GVariant),
 * answering it with a new id.  It writes READY_FILE (its first argument,
 * if given) once the name is its own, and runs until killed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <jansson.h>

static const char introspection[] =
	"<node><interface name='org.freedesktop.Notifications'>"
	"<method name='Notify'>"
	"<arg type='s' direction='in'/><arg type='u' direction='in'/>"
	"<arg type='s' direction='in'/><arg type='s' direction='in'/>"
	"<arg type='s' direction='in'/><arg type='as' direction='in'/>"
	"<arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
	"<arg type='u' direction='out'/></method>"
	"<method name='GetCapabilities'>"
	"<arg type='as' direction='out'/></method>"
	"<method name='GetServerInformation'>"
	"<arg type='s' direction='out'/><arg type='s' direction='out'/>"
	"<arg type='s' direction='out'/><arg type='s' direction='out'/>"
	"</method>"
	"</interface></node>";

static const char	*ready_file;
static guint32		 next_id = 1;

static void
on_call(GDBusConnection *c, const gchar *sender, const gchar *path,
    const gchar *iface, const gchar *method, GVariant *params,
    GDBusMethodInvocation *inv, gpointer arg)
{
	const gchar	*app, *icon, *summary, *body, *s, *key;
	guint32		 replaces;
	gint32		 timeout;
	GVariantIter	*actions, *hints;
	GVariant	*v;
	json_t		*j, *a, *h;
	char		*out, *vs;

	(void)c; (void)sender; (void)path; (void)iface; (void)arg;
	if (g_strcmp0(method, "GetCapabilities") == 0) {
		g_dbus_method_invocation_return_value(inv,
		    g_variant_new_parsed("(['body'],)"));
		return;
	}
	if (g_strcmp0(method, "GetServerInformation") == 0) {
		g_dbus_method_invocation_return_value(inv, g_variant_new(
		    "(ssss)", "notifyd", "kabinet tests", "1", "1.2"));
		return;
	}
	g_variant_get(params, "(&su&s&s&sasa{sv}i)", &app, &replaces, &icon,
	    &summary, &body, &actions, &hints, &timeout);
	a = json_array();
	while (g_variant_iter_loop(actions, "&s", &s))
		json_array_append_new(a, json_string(s));
	h = json_object();
	while (g_variant_iter_loop(hints, "{&sv}", &key, &v)) {
		vs = g_variant_print(v, FALSE);
		json_object_set_new(h, key, json_string(vs));
		g_free(vs);
	}
	g_variant_iter_free(actions);
	g_variant_iter_free(hints);
	j = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:i}",
	    "app_name", app, "replaces_id", (json_int_t)replaces,
	    "app_icon", icon, "summary", summary, "body", body,
	    "actions", a, "hints", h, "expire_timeout", (int)timeout);
	if ((out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)) != NULL) {
		printf("%s\n", out);
		fflush(stdout);
		free(out);
	}
	json_decref(j);
	g_dbus_method_invocation_return_value(inv, g_variant_new("(u)",
	    next_id++));
}

static const GDBusInterfaceVTable vtable = { on_call, NULL, NULL, { 0 } };

static void
on_bus(GDBusConnection *c, const gchar *name, gpointer arg)
{
	GDBusNodeInfo	*info;
	GError		*error = NULL;

	(void)name; (void)arg;
	info = g_dbus_node_info_new_for_xml(introspection, NULL);
	if (g_dbus_connection_register_object(c,
	    "/org/freedesktop/Notifications", info->interfaces[0], &vtable,
	    NULL, NULL, &error) == 0) {
		fprintf(stderr, "notifyd: %s\n", error->message);
		exit(1);
	}
	g_dbus_node_info_unref(info);
}

static void
on_name(GDBusConnection *c, const gchar *name, gpointer arg)
{
	FILE	*f;

	(void)c; (void)name; (void)arg;
	if (ready_file != NULL && (f = fopen(ready_file, "w")) != NULL) {
		fputs("ready\n", f);
		fclose(f);
	}
}

static void
on_lost(GDBusConnection *c, const gchar *name, gpointer arg)
{
	(void)c; (void)arg;
	fprintf(stderr, "notifyd: %s not ours\n", name);
	exit(1);
}

int
main(int argc, char **argv)
{
	GMainLoop	*loop;

	ready_file = argc > 1 ? argv[1] : NULL;
	g_bus_own_name(G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
	    G_BUS_NAME_OWNER_FLAGS_NONE, on_bus, on_name, on_lost, NULL,
	    NULL);
	loop = g_main_loop_new(NULL, FALSE);
	g_main_loop_run(loop);
	return 0;
}
