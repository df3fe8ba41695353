/* screen_settings.c — the settings menu (for now: change the password). */
#include <curses.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "tui.h"

static void	settings_key_password(struct screen *);
static void	settings_key_back(struct screen *);
static void	settings_key_cards(struct screen *);
static void	settings_key_services(struct screen *);
static void	settings_key_autopay(struct screen *);

static const struct keybind settings_keys[] = {
	{ { 'p', KEYC_ENTER }, "p", N_("Change password"),
	  settings_key_password, KB_BAR },
	{ { 'k' }, "k", N_("Cards"), settings_key_cards, KB_BAR },
	{ { 'v' }, "v", N_("Services"), settings_key_services, KB_BAR },
	{ { 'a' }, "a", N_("Autopay"), settings_key_autopay, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), settings_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
settings_key_password(struct screen *s)
{
	(void)s;
	screen_password_open(0);
}

static void
settings_key_cards(struct screen *s)
{
	(void)s;
	screen_cards_open();
}

static void
settings_key_services(struct screen *s)
{
	(void)s;
	screen_services_open();
}

static void
settings_key_autopay(struct screen *s)
{
	(void)s;
	screen_autopay_open();
}

static void
settings_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
settings_draw(struct screen *s, int y, int x, int h, int w)
{
	json_t	*v = json_object_get(conn_status, "storage");
	int	 memory = json_is_string(v) &&
		    strcmp(json_string_value(v), "memory") == 0;

	(void)s;
	ui_text(y, x, w, A_BOLD, "%s", _("Settings"));
	y += 2;
	ui_menu_item(y++, x, w, "p", _("Change password"), 30);
	ui_menu_item(y++, x, w, "k", _("Cards"), 30);
	ui_menu_item(y++, x, w, "v", _("Optional services"), 30);
	ui_menu_item(y, x, w, "a", _("Autopay"), 30);
	y += 2;
	ui_text(y, x, 14, A_BOLD, "%s", _("Session"));
	ui_para(y, x + 14, w - 14, y + h - 6, 0, memory ?
	    _("kept in memory only (no Secret Service): signing in again "
	    "is needed after the daemon stops") :
	    _("kept in the keyring (Secret Service)"));
}

const struct screen_class screen_settings = {
	N_("Settings"), 0, settings_keys, NULL, NULL, NULL, settings_draw,
	NULL
};

void
screen_settings_open(void)
{
	ui_push(&screen_settings, NULL);
}
