/*
 * tui.h — what the modules of kabinet, the terminal front end, share.
 *
 * The loop (ui.c) polls the terminal and the daemon socket (conn.c), hands
 * keys to the screen on top of a stack and redraws once per pass when
 * something set the dirty flag; the loop sets it itself after every key,
 * answer, notification, push and pop, so a screen's handlers need not.
 * A screen is a struct with a small function table (after htop's
 * PanelClass); its keys are a table (keys.c) from which the bottom bar and
 * the help screen are generated.  Handlers never draw.
 */
#ifndef KABINET_TUI_H
#define KABINET_TUI_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>
#include <jansson.h>

#include "kabinet/buf.h"

/* ---- keys.c: key codes, key tables, bottom bar, help text ---- */

/* A key is a Unicode code point, or KEYC_FN(curses KEY_*) for the rest. */
#define KEYC_FN(k)	(0x1000000 | (k))
#define KEYC_ISFN(k)	(((k) & 0x1000000) != 0)
#define KEYC_ESC	27
#define KEYC_ENTER	'\n'
#define KEYC_TAB	'\t'
#define KEYC_CTRL(c)	((c) & 0x1f)

struct screen;
struct keybind {
	int		 keys[3];	/* 0-terminated aliases; first is shown */
	const char	*label;		/* as shown: "F1", "Enter"; NULL: derived */
	const char	*help;		/* N_() */
	void		(*fn)(struct screen *);
	int		 flags;
#define KB_BAR		0x1		/* shown in the bottom bar */
#define KB_LOW		0x2		/* with KB_BAR: only if room after quit */
};

/* Normalises what get_wch() gave (Enter, Backspace variants). */
int	 keys_normalize(int is_fn, int code);
int	 keys_printable(int key);
/* "F1", "Esc", "Enter", "q": the label a key table shows for a key. */
const char *keys_name(int key, char *out, size_t len);
/* The binding for key in table (NULL-terminated by a zero keys[0]). */
const struct keybind *keys_find(const struct keybind *, int key);
/* The bottom bar for a screen: "F1 Help  Enter Sign in  F10 Quit", whole
 * hints by priority within width cells; each shows a key this terminal
 * has (form: letters go to the field, so not a letter). */
void	 keys_bar(const struct keybind *, const struct keybind *global,
	    int form, size_t width, struct buf *);
/* The key shown for the binding of fn in t ("F5", or "Ctrl-R" where the
 * terminal has no F5), for texts that name it. */
const char *keys_label_of(const struct keybind *, void (*fn)(struct screen *),
	    int form, char *out, size_t len);
/* Does the terminal have this key (terminfo)?  Letters: always. */
int	 keys_has(int key);
/* After get_wch() gave Esc: reads the rest of an escape sequence whole
 * with next(wait_ms) (a key, or -1 when none came) and returns the key
 * it names, 0 for one not known (dropped), or KEYC_ESC for a lone Esc,
 * with *after the key read after it (0 for none). */
int	 keys_escape(int (*next)(int), int *after);
/* The help text: one "KEY  what it does" line per binding. */
void	 keys_help(const struct keybind *, const struct keybind *global,
	    struct buf *);

/* ---- text.c: UTF-8, display width, ASCII fallbacks, times ---- */
/* Decodes UTF-8 into wide chars (invalid bytes become U+FFFD); returns
 * the count.  out may be NULL to count. */
size_t	 text_decode(const char *, wchar_t *out, size_t max);
/* The code point at s (n bytes left); *used gets its length in bytes. */
wchar_t	 text_next(const char *s, size_t n, size_t *used);
/* Appends the UTF-8 encoding of one code point. */
void	 text_encode(struct buf *, wchar_t);
size_t	 text_width(const char *);
/* Appends s cut or padded with spaces to exactly cells cells (a column
 * of a table; printf's widths count bytes). */
void	 text_pad(struct buf *, const char *s, size_t cells);
/* Makes s displayable on this terminal: unchanged on UTF-8, else
 * transliterated to ASCII (Cyrillic to Latin, '?' for the rest). */
void	 text_display(const char *s, struct buf *out);
void	 text_set_utf8(int);
int	 text_utf8(void);
/* ISO 8601 "2026-11-26T12:00:00+03:00" (or Z, fractions) → time_t;
 * -1 when not a time. */
time_t	 text_parse_time(const char *);
/* "HH:MM" in local time. */
void	 text_hhmm(time_t, char *out, size_t len);
/* "4:59" for a count of seconds (0 when negative). */
void	 text_mmss(long, char *out, size_t len);
/* The money style for this locale and terminal. */
int	 text_money_style(void);
char	*text_money(int64_t, char *out, size_t len);
/* A date as typed (DD.MM.YYYY or YYYY-MM-DD) into ISO in iso
 * (>= DATE_FMT_LEN): NULL when it is a real day, else why not
 * (translated). */
const char *text_date_iso(const char *in, char *iso, size_t len);

/* The lender's "292.000" with the language's decimal sign: "292,000" in
 * Russian.  Returns out. */
char	*text_decimal(const char *dotted, char *out, size_t len);

/* ---- jstr.c: members of the daemon's JSON objects ---- */
/* The string member key of o (borrowed); dflt, "" (jstr) or NULL
 * (jstr_null) when o is not an object or the member is absent or not a
 * string. */
const char *jstr_or(json_t *o, const char *key, const char *dflt);
const char *jstr(json_t *o, const char *key);
const char *jstr_null(json_t *o, const char *key);
/* The integer member key of o; 0 when absent or not an integer. */
int64_t	 jint(json_t *o, const char *key);

/* ---- csv.c: the payment history as CSV ---- */
void	 csv_history_header(FILE *);
void	 csv_history_row(FILE *, json_t *item);

/* ---- field.c: one input field ---- */
enum field_kind {
	FIELD_TEXT,
	FIELD_PASSWORD,		/* masked; warns about layout and Caps Lock */
	FIELD_DIGITS,		/* digits only */
	FIELD_MONEY,		/* money_parse() on leave */
	FIELD_PHONE,		/* phone_normalize() on leave, shown pretty */
	FIELD_CARD,		/* digits; grouped 4-4-4-4, masked when left */
};

struct field {
	enum field_kind	 kind;
	const char	*label;		/* N_() */
	size_t		 max;		/* characters */
	wchar_t		*text;		/* max + 1, NUL-terminated */
	size_t		 len, cursor;
	int		 modified;
	const char	*error;		/* translated message or NULL */
	char		 phone[16];	/* FIELD_PHONE: normalised when valid */
	int64_t		 money;		/* FIELD_MONEY: parsed when valid */
	int		 readonly;	/* verified (Gosuslugi): no edits */
};

void	 field_init(struct field *, enum field_kind, const char *label,
	    size_t max);
/* Wipes (passwords, codes) and frees. */
void	 field_free(struct field *);
/* 1 when the key edited the field (or was refused by it), 0 if not ours. */
int	 field_key(struct field *, int key);
void	 field_set(struct field *, const char *utf8);
void	 field_clear(struct field *);
/* Do two fields hold the same text (a password typed twice)? */
int	 field_equal(const struct field *, const struct field *);
/* The value as UTF-8; the caller wipes and frees (xfree_secret). */
char	*field_value(const struct field *);
/* Checks the value (phone, money) and reformats it; 0 ok, -1 with
 * f->error set.  An error already on the field stays (-1) until an edit
 * clears it. */
int	 field_leave(struct field *);
/* A warning while typing (password: layout, Caps Lock), or NULL. */
const char *field_warning(const struct field *);
/* What to show in width cells (masked for passwords; a card number
 * masked unless focused), UTF-8, and the cursor's cell. */
void	 field_render(const struct field *, int focused, size_t width,
	    struct buf *, size_t *cursor_cell);
/* The cells the whole value takes when shown (a card number's spaces). */
size_t	 field_cells(const struct field *);

/* ---- form.c: fields with focus, a message, a submit action ---- */
struct form {
	struct field	*fields;
	size_t		 nfields, focus;
	char		*message;	/* translated; error or notice */
	int		 message_is_error;
	void		(*submit)(struct screen *);
};

void	 form_init(struct form *, size_t nfields);
void	 form_free(struct form *);
struct field *form_field(struct form *, size_t);
/* 1 if consumed. Enter moves on, or submits on the last field. */
int	 form_key(struct form *, struct screen *, int key);
int	 form_modified(const struct form *);
/* Runs field_leave() on every field; focuses the first bad one. */
int	 form_validate(struct form *);
void	 form_message(struct form *, int is_error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 form_focus(struct form *, size_t);
/* -1 with why (translated) as field i's error and the focus on it when
 * it is empty; else 0. */
int	 form_required(struct form *, size_t i, const char *why);
/* Field i refused (a wrong password): cleared, unless typed in since the
 * request went, and focused. */
void	 form_retype(struct form *, size_t i);
/* Draws at y (one row per field, then warnings and the message); returns
 * the next free row. */
int	 form_draw(struct form *, int y, int x, int w);
/* A form screen's page: the title in bold, the intro in at most rows
 * lines, then the fields; returns what form_draw returns. */
int	 form_screen_draw(struct form *, const char *title,
	    const char *intro, int rows, int y, int x, int w);
/* A form screen's leave when its priv owns nothing but the form in it
 * (s->form): frees both. */
void	 form_screen_leave(struct screen *);
/* A form screen's Enter, whichever field has the focus: its submit. */
void	 form_screen_submit(struct screen *);
/* A form screen's Esc: cancels the request in flight (its answer is
 * ignored), else leaves the screen. */
void	 form_screen_back(struct screen *);
/* A form screen (s->form set) sends method with params (stolen): busy,
 * unless NULL, becomes the form's message; -1, the form saying so, when
 * the daemon is not connected. */
int	 form_screen_request(struct screen *, const char *method,
	    json_t *params, void (*cb)(struct screen *, json_t *, json_t *),
	    const char *busy);
/* A form screen's answer: 1 when it asks nothing more of the callback,
 * the screen being gone (s NULL) or error now the form's message. */
int	 form_screen_failed(struct screen *, json_t *error);

/* ---- pager.c: a text read a row or a page at a time ---- */
struct pager {
	int		 top;		/* the first row shown */
	int		 rows, total;	/* shown, in all: set by pager_draw */
};
void	 pager_scroll(struct pager *, int by);
/* Key table entries of a screen whose s->pager is set. */
void	 pager_key_up(struct screen *);
void	 pager_key_down(struct screen *);
void	 pager_key_pgup(struct screen *);
void	 pager_key_pgdn(struct screen *);
/* Draws the rows of text from p->top that fit above maxy (at least
 * one), word-wrapped to w cells. */
void	 pager_draw(struct pager *, int y, int x, int w, int maxy,
	    const char *text);

/* ---- ui.c: the loop, the screen stack, drawing helpers ---- */
struct screen_class {
	const char	*title;		/* N_() */
	int		 flags;
#define SC_MODAL	0x1		/* drawn as a box over the one below */
#define SC_LOCKED	0x2		/* no other screen until done */
	const struct keybind *keys;
	void		(*enter)(struct screen *);
	void		(*leave)(struct screen *);	/* frees priv */
	/* Notifications from the daemon (every screen in the stack). */
	void		(*event)(struct screen *, const char *, json_t *);
	void		(*draw)(struct screen *, int y, int x, int h, int w);
	/* A key nothing else took (optional); 1 if consumed. */
	int		(*key)(struct screen *, int);
};

struct screen {
	const struct screen_class *cls;
	struct screen	*below;
	struct form	*form;		/* gets keys first, when set */
	struct pager	*pager;		/* what pager_key_* scroll, when set */
	void		*priv;
	const char	*title;		/* not owned; overrides cls->title */
	const struct keybind *keys;	/* not owned; overrides cls->keys */
	int		 busy;		/* requests in flight: spinner */
	long long	 busy_since;	/* ms (monotonic) busy went above 0 */
	int		 box_h, box_w;	/* SC_MODAL: wanted size */
};

extern int	 ui_dirty;
extern volatile int ui_quit;
/* Called while drawing by a screen that shows a countdown: the screen is
 * drawn again at the next second.  Otherwise an idle TUI sleeps until a
 * key, a message from the daemon or the next day. */
void	 ui_want_tick(void);

struct screen *ui_push(const struct screen_class *, void *priv);
/* Pops and frees the top screen (only if it is s). */
void	 ui_pop(struct screen *);
struct screen *ui_top(void);
/* The key table in force for s (its own, else its class's). */
const struct keybind *ui_keys(const struct screen *);
struct screen *ui_find(const struct screen_class *);
/* Pops screens above s. */
void	 ui_pop_to(struct screen *);
void	 ui_redraw(void);
/* Hands a notification to every screen in the stack. */
void	 ui_event(const char *method, json_t *params);
/* Asks to quit; confirms first when a form holds unsaved input. */
void	 ui_ask_quit(struct screen *);
int	 ui_run(double exit_after, int headless);
void	 ui_init(int headless);
void	 ui_done(void);
/* Clipped, displayable text at (y, x) no wider than w cells. */
void	 ui_text(int y, int x, int w, int attr, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Where the terminal cursor goes after this draw (a focused field). */
void	 ui_cursor(int y, int x);
/* A menu line in reverse video, " k  Label", the label padded to cells
 * (a width in cells, not bytes: labels are Cyrillic). */
void	 ui_menu_item(int y, int x, int w, const char *key,
	    const char *label, size_t cells);
/* Word-wrapped paragraph; returns the row after it. */
int	 ui_para(int y, int x, int w, int maxy, int attr, const char *);
/* The same, its last row just above maxy (a message at the bottom);
 * returns its first row. */
int	 ui_para_above(int maxy, int x, int w, int attr, const char *);
/* ui_para() without its first skip rows (a pager); the rows it takes. */
int	 ui_para_skip(int y, int x, int w, int maxy, int skip, int attr,
	    const char *);
int	 ui_para_rows(int w, const char *);
/* The first row a list shows in rows rows, from top, so that its
 * selected row sel is in view. */
size_t	 ui_list_top(size_t top, size_t sel, int rows);
extern const struct keybind ui_global_keys[];

/* ---- note.c: a screen's message, a notice or an error ---- */
struct note {
	char		*text;		/* translated, or NULL */
	int		 error;		/* text says what went wrong */
};
/* Replaces the message with a copy of text (NULL: none). */
void	 note_set(struct note *, int is_error, const char *text);
/* The words of an error answer (reasons_describe) as the message and 1;
 * 0, nothing changed, when error is NULL (the call succeeded). */
int	 note_reason(struct note *, json_t *error);
/* Draws the message word-wrapped from y above maxy, an error in bold;
 * returns the row after it (y when there is none). */
int	 note_draw(const struct note *, int y, int x, int w, int maxy);
void	 note_free(struct note *);

/* ---- dialog.c: modal message and confirmation screens ---- */
typedef void (*dialog_cb)(struct screen *below);
void	 dialog_message(const char *title, const char *text);
void	 dialog_confirm(const char *title, const char *text, dialog_cb yes);

/* ---- conn.c: the daemon connection ---- */
enum conn_state {
	CONN_DOWN,		/* never connected yet */
	CONN_STARTING,		/* we spawned kabinetd; waiting for it */
	CONN_HELLO,		/* connected, hello in flight */
	CONN_READY,
	CONN_RECONNECTING,
	CONN_FAILED,		/* hello refused (protocol mismatch) */
};
/* result or error is set (borrowed); s may be NULL or gone-safe. */
typedef void (*conn_cb)(struct screen *, json_t *result, json_t *error);

extern enum conn_state conn_state;
extern char	*conn_daemon_version;	/* from hello */
extern json_t	*conn_status;		/* last session.status, or NULL */
extern const char *conn_error;		/* why CONN_FAILED/reconnecting */

void	 conn_init(const char *socket_path, int may_start);
/* Sends a request; params stolen.  -1 when not connected (cb not run). */
int	 conn_request(const char *method, json_t *params, conn_cb,
	    struct screen *);
/* Drops the callbacks of a screen (it is going, or Esc cancelled). */
void	 conn_forget(struct screen *);
int	 conn_fd(void);
short	 conn_events(void);
void	 conn_handle(short revents);
/* Milliseconds until conn_tick() wants to run, -1 for never. */
int	 conn_timeout(void);
void	 conn_tick(void);
void	 conn_close(void);
/* Starts kabinetd (beside us, $KABINETD, or in PATH); 0 or -1. */
int	 conn_spawn_daemon(const char *socket_path);
/* Connects, starting the daemon when allowed: fd or -1 (blocking; for
 * the command line). */
int	 conn_connect_wait(const char *socket_path, int may_start,
	    int wait_ms);
/* Keeps a session status (a copy) as conn_status and goes to the screen
 * it asks for (route_status; reason: why it changed, or NULL). */
void	 conn_status_route(json_t *status, const char *reason);
/* A conn_cb for a call answered with a session status (session.check,
 * session.status): conn_status_route() it; errors change nothing. */
void	 conn_status_answer(struct screen *, json_t *result, json_t *error);
/* Convenience readers of the last status. */
const char *conn_state_str(void);	/* session state or NULL */
json_t	*conn_lender(void);

/* ---- route.c: which screen the session state asks for ---- */
/* Called on every session.status / session.changed. */
void	 route_status(json_t *status, const char *reason);
void	 route_event(const char *method, json_t *params);
/* 1 when an event says the borrower is signed in (again, or the account
 * changed): a screen showing the account's data reads it anew. */
int	 route_reread(const char *method, json_t *params);
/* The phone typed at the last sign-in (normalised), for password rules. */
extern char route_phone[16];
/* Once per run: the memory-only storage notice was shown. */
extern int route_memory_noticed;

/* ---- reasons.c: daemon error reasons → translated text ---- */
struct reason_text {
	const char	*reason;
	const char	*text;		/* N_() */
};
/* The words of a reason (reason.h's table), translated. */
const char *reasons_text(const char *reason);
/* The whole message for an error object (attempts, until, ...). */
void	 reasons_describe(json_t *error, struct buf *);
const char *reasons_of(json_t *error);
/* Why the lender is unreachable (lender.error), translated, or NULL. */
const char *reasons_lender(json_t *lender);

/* ---- screens ---- */
extern const struct screen_class screen_start;
extern const struct screen_class screen_help;
extern const struct screen_class screen_login;
extern const struct screen_class screen_challenge;
extern const struct screen_class screen_recover;
extern const struct screen_class screen_password;	/* forced */
extern const struct screen_class screen_password_settings;
extern const struct screen_class screen_dashboard;
extern const struct screen_class screen_settings;
extern const struct screen_class screen_dialog;

void	 screen_help_open(struct screen *for_screen);
/* The lender's support contacts (support.get): asked for once connected,
 * shown by the start and help screens; returns the next free row. */
void	 help_support_fetch(void);
int	 help_support_draw(int y, int x, int w, int maxy);
/* Login, optionally with a notice (session expired) on top of the stack. */
void	 screen_login_open(const char *notice);
/* The phone typed on the sign-in screen (caller frees), or NULL. */
char	*screen_login_phone(void);
void	 screen_challenge_open(json_t *challenge);
/* forced: the password_change state (no old password, no way out). */
void	 screen_password_open(int forced);
void	 screen_recover_open(void);
void	 screen_settings_open(void);
void	 screen_dashboard_open(void);

/* ---- the operator desk: screen_operator.c, screen_op_*.c ---- */
extern const struct screen_class screen_op_login;
extern const struct screen_class screen_op_desk;
extern const struct screen_class screen_op_card;
/* The last operator.status / operator.changed, or NULL. */
extern json_t	*op_status;
int	 op_is_supervisor(void);
void	 op_hhmm(const char *iso, char *out, size_t len);
void	 screen_op_login_open(const char *notice);
void	 screen_op_desk_open(void);
void	 screen_op_find_open(void);
void	 screen_op_card_open(const char *client_id);
/* Forms over a card: they reload it when done. */
void	 screen_op_verify_open(struct screen *card, const char *client_id);
void	 screen_op_phone_open(struct screen *card, const char *client_id);
void	 screen_op_audit_open(void);
/* The queue of open appeals, and one appeal (screen_op_appeals.c). */
extern const struct screen_class screen_op_appeals;
void	 screen_op_appeals_open(void);

/* ---- repay, extension, cards, history, services ---- */
extern const struct screen_class screen_repay;
extern const struct screen_class screen_extend;
extern const struct screen_class screen_cards;
extern const struct screen_class screen_card_add;
extern const struct screen_class screen_history;
extern const struct screen_class screen_services;
void	 screen_repay_open(void);
void	 screen_extend_open(void);
/* screen_sbp.c: a СБП payment link for amount to the loan, as a QR code
 * and as text, and what became of it. */
extern const struct screen_class screen_sbp;
void	 screen_sbp_open(const char *loan_id, int64_t amount);
/* The same screen for a link made before (still waiting, or not). */
void	 screen_sbp_reopen(json_t *link);
/* screen_profile.c: why an e-mail or postal address is refused, in words
 * (a field reason of profile.update), or NULL for a reason it does not
 * know. */
const char *profile_reason(const char *reason);
void	 screen_cards_open(void);
void	 screen_card_add_open(void);
void	 screen_history_open(void);
void	 screen_documents_open(void);
/* screen_profile.c: My profile (profile.get, profile.update). */
extern const struct screen_class screen_profile;
void	 screen_profile_open(void);
/* Appeals (screen_appeals.c): the list, a new one, one read. */
extern const struct screen_class screen_appeals;
void	 screen_appeals_open(void);
/* An appeal's status in words ("answered", "new, OVERDUE") into out;
 * its subject's words. */
const char *appeals_status(json_t *appeal, char *out, size_t len);
const char *appeals_subject(json_t *appeal);
/* 1 and the words for the user in out when an event says the lender
 * answered an appeal. */
int	 appeals_answered(const char *method, json_t *params, struct buf *);
/* The pager over one documents.get result (held, not stolen). */
void	 screen_document_read(json_t *doc);
/* docfile.c: writes a document to path, as its exact text or, when path
 * ends in .pdf, as a PDF of title and text; NULL, or why not (static). */
const char *docfile_write(const char *path, const char *title,
	    const char *text);
/* 1 if the SHA-256 of text is hex (lower case). */
int	 documents_sha256_ok(const char *text, const char *hex);
void	 screen_services_open(void);
/* screen_autopay.c: settings → autopay, and the dashboard's autopay line
 * (fetch autopay.status, events, the line in the loan block, the word of
 * the last charge made or declined; each draw returns the next row). */
extern const struct screen_class screen_autopay;
void	 screen_autopay_open(void);
void	 autopay_dash_refresh(void);
void	 autopay_dash_event(const char *method, json_t *params);
int	 autopay_dash_line(int y, int x, int w);
int	 autopay_dash_notice(int y, int x, int w, int maxy);
/* The dashboard's loan lines: fetch (loan.due), events, draw (returns the
 * next free row). */
void	 repay_dash_refresh(void);
void	 repay_dash_event(const char *method, json_t *params);
int	 repay_dash_draw(int y, int x, int w, int maxy);
/* How a payment is split, in the order it is applied (overdue interest,
 * overdue principal, penalty, interest, principal): the key in a split
 * object and its N_() label; the screens and the command line show it. */
struct split_part {
	const char	*key;
	const char	*label;
};
extern const struct split_part split_parts[];
#define SPLIT_NPARTS	6
/* A history entry's kind and status as people read them. */
extern const char *const history_kinds[];
const char *history_kind_label(const char *kind);
const char *history_status_label(const char *status);
/* What a history entry says, in the user's language, from the lender's
 * text code and parameters (its description when the code is unknown).
 * Returns out. */
const char *history_text(json_t *item, char *out, size_t len);

/* ---- the lender's messages (screen_notifications.c) ---- */
/* A message's title or text ("title", "text") in the user's language. */
const char *notif_words(json_t *notification, const char *key);
/* When it came: "28.11.2026 14:05".  Returns out. */
char	*notif_when(json_t *notification, char *out, size_t len);
void	 screen_notifications_open(void);
/* The dashboard's line: the unread count and the newest message's title
 * (account.summary, then the daemon's pushes); draw returns the next
 * row (col: the labels' width). */
void	 notif_dash_refresh(void);
void	 notif_dash_event(const char *method, json_t *params);
int	 notif_dash_draw(int y, int x, int col, int w);

/* ---- all my loans (screen_loans.c, screen_loan.c) ---- */
extern const struct screen_class screen_loans;
extern const struct screen_class screen_loan;
void	 screen_loans_open(void);
/* One loan or application of loan.list (copied). */
void	 screen_loan_open(json_t *item);
/* "active, due 15.12.2026", "repaid on 01.12.2026", "declined". */
void	 loans_state_text(json_t *item, char *out, size_t len);

/* ---- borrowing (screen_borrow.c) ---- */
/* An application's state and a decline reason as people read them. */
const char *borrow_app_state(const char *state);
const char *borrow_decline_text(const char *reason);
extern const struct screen_class screen_calc;
/* The loan calculator; from the dashboard it leads on to applying. */
void	 screen_calc_open(void);
/* The dashboard's application line: fetch (loan.list), events, draw
 * (returns the next free row). */
void	 borrow_dash_refresh(void);
void	 borrow_dash_event(const char *method, json_t *params);
int	 borrow_dash_draw(int y, int x, int w, int maxy);
/* The certificate of repayment (a documents.get id) of the newest loan
 * when it is repaid; NULL otherwise. */
const char *borrow_dash_certificate(void);

/* qr.c: a QR code of text drawn in half blocks (ASCII where the terminal
 * is not UTF-8), a row a line of text. */
struct qr;
/* NULL if text cannot be encoded; qr_free() frees. */
struct qr *qr_new(const char *text);
void	 qr_free(struct qr *);
/* Rows and columns with a quiet zone of zone modules. */
void	 qr_size(const struct qr *, int zone, int *rows, int *cols);
/* The widest quiet zone (4, 2, 1) with which the code fits h x w whole,
 * or 0 if it does not fit (q NULL: 0). */
int	 qr_fit(const struct qr *, int h, int w);
/* Row row of the drawing appended to out. */
void	 qr_line(const struct qr *, int zone, int row, struct buf *out);
void	 qr_draw(const struct qr *, int zone, int y, int x);

/* screen_esia.c: "Войти через Госуслуги" (URL, QR code, countdown). */
extern const struct screen_class screen_esia;
void	 screen_esia_open(void);
/* purpose "registration": the verified person comes back to the wizard
 * as auth.gosuslugi.done's prefill. */
void	 screen_esia_open_for(const char *purpose);
/* screen_register.c: the registration wizard, for a loan of amount
 * (kopecks) and term (days) from the calculator (0: defaults). */
extern const struct screen_class screen_register;
void	 screen_register_open(int64_t amount, int64_t term);

#endif
