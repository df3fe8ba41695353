/*
 * borrow.h — what the borrowing screens share (screen_borrow.c,
 * screen_calc.c, screen_review.c).
 */
#ifndef KABINET_TUI_BORROW_H
#define KABINET_TUI_BORROW_H

#define BORROW_COL	26

/* The quote's figures, one a row, and its warnings; each returns the
 * next row. */
int	 borrow_quote_draw(json_t *q, int y, int x, int w);
int	 borrow_warnings_draw(json_t *q, int y, int x, int w, int maxy);

/* The review before signing the loan of amount (kopecks) for term days. */
void	 screen_review_open(int64_t amount, int64_t term, const char *product);

#endif
