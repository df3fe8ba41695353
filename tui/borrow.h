/*
 * borrow.h — what the borrowing screens share (screen_borrow.c,
 * screen_calc.c, screen_review.c).
 */
#ifndef KABINET_TUI_BORROW_H
#define KABINET_TUI_BORROW_H

#define BORROW_COL	26

/* A member of o as a number, or as a string ("" if absent). */
static inline int64_t
pint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static inline const char *
pstr(json_t *o, const char *k)
{
	json_t	*v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : "";
}

/* The quote's figures, one a row, and its warnings; each returns the
 * next row. */
int	 borrow_quote_draw(json_t *q, int y, int x, int w);
int	 borrow_warnings_draw(json_t *q, int y, int x, int w, int maxy);

/* The review before signing the loan of amount (kopecks) for term days. */
void	 screen_review_open(int64_t amount, int64_t term, const char *product);

#endif
