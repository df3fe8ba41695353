/*
 * op_client.h — what the operator's screens on one caller share
 * (op_client.c, screen_op_{find,results,card,verify,phone}.c).
 */
#ifndef KABINET_TUI_OP_CLIENT_H
#define KABINET_TUI_OP_CLIENT_H

/* A form screen on the client whose card is below (verify, phone). */
struct opform {
	struct form	 form;
	char		*id;
	struct screen	*card;
};

extern const struct keybind op_form_keys[];
/* Pushes a form screen of cls about id (a client's, an appeal's) opened
 * from the screen card, with nfields fields for the caller to set up and
 * submit; op_form_leave() is its leave. */
struct opform	*op_form_open(const struct screen_class *cls,
		    struct screen *card, const char *id, size_t nfields,
		    void (*submit)(struct screen *));
void		 op_form_leave(struct screen *);
/* The card the form was opened from, or NULL if it is gone. */
struct screen	*op_form_card(struct opform *);

int	 op_date_field(struct field *, char *iso, int required);

/* A form below reports back: reload the card and say what happened. */
void	 op_card_done(struct screen *card, const char *text);
void	 screen_op_results_open(json_t *items);
/* The same for an appeal's screen (screen_op_appeals.c). */
void	 op_appeal_done(struct screen *appeal, const char *text);

#endif
