/*
 * screenpbm — renders a terminal capture (tmux capture-pane, UTF-8 text
 * on stdin) to a PBM image on stdout, as a terminal with light text on a
 * dark background shows it, so an independent decoder (zbarimg) can read
 * a QR code drawn with half blocks.  Each cell is SCALE pixels wide and
 * 2 * SCALE tall: "█" lights both halves, "▀" the top, "▄" the bottom;
 * "#" lights the whole cell; every other character is left dark, as text
 * strokes are too thin to matter at this scale.
 *
 *   screenpbm [SCALE] < capture > screen.pbm      (SCALE defaults to 4)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXW	512
#define MAXH	256

/* 0 dark, 1 top lit, 2 bottom lit, 3 both lit. */
static unsigned char	cells[MAXH][MAXW];

int
main(int argc, char **argv)
{
	char		 line[8192];
	int		 scale = argc > 1 ? atoi(argv[1]) : 4;
	int		 rows = 0, cols = 0, c, r, x, y, lit;
	unsigned char	*p;

	if (scale < 1 || scale > 32) {
		fprintf(stderr, "usage: screenpbm [SCALE] < capture\n");
		return 2;
	}
	while (rows < MAXH && fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (p = (unsigned char *)line, c = 0; *p != '\0' && c < MAXW;
		    c++) {
			if (strncmp((char *)p, "\xe2\x96\x88", 3) == 0)
				cells[rows][c] = 3;		/* █ */
			else if (strncmp((char *)p, "\xe2\x96\x80", 3) == 0)
				cells[rows][c] = 1;		/* ▀ */
			else if (strncmp((char *)p, "\xe2\x96\x84", 3) == 0)
				cells[rows][c] = 2;		/* ▄ */
			else if (*p == '#')
				cells[rows][c] = 3;
			/* Past one UTF-8 character. */
			p++;
			while ((*p & 0xc0) == 0x80)
				p++;
		}
		if (c > cols)
			cols = c;
		rows++;
	}
	/* PBM: 1 is black. */
	printf("P1\n%d %d\n", cols * scale, rows * 2 * scale);
	for (r = 0; r < rows; r++)
		for (y = 0; y < 2 * scale; y++) {
			for (c = 0; c < cols; c++) {
				lit = cells[r][c] & (y < scale ? 1 : 2);
				for (x = 0; x < scale; x++)
					fputs(lit ? "0 " : "1 ", stdout);
			}
			putchar('\n');
		}
	return 0;
}
