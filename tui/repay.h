/*
 * repay.h — what the repay and extension screens share (screen_repay.c,
 * screen_extend.c).
 */
#ifndef KABINET_TUI_REPAY_H
#define KABINET_TUI_REPAY_H

#define REPAY_COL	26

/* A money row: label, amount; returns the next row. */
int		 repay_money_row(int y, int x, int w, int attr,
		    const char *label, int64_t k);
/* The parts of a split that are not zero, indented; the next row. */
int		 repay_split_draw(int y, int x, int w, json_t *split);

/* The Repay screen, if open, reads its loan's waiting СБП links again. */
void		 repay_sbp_refresh(void);

#endif
