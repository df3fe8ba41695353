/* test_tui_docfile.c — a document saved: the exact text byte for byte,
 * or a PDF (named .pdf) with as many A4 pages as the text needs; a path
 * that cannot be written says why and leaves nothing behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/buf.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

static char	dir[] = "/tmp/test_tui_docfile.XXXXXX";

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*m = open_memstream(&s, &n);
	int	 c;

	assert_non_null(f);
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	*len = n;
	return s;
}

/* Page objects in a PDF ("/Type /Page", not "/Type /Pages"). */
static int
pages(const char *pdf, size_t len)
{
	const char	*p = pdf, *end = pdf + len;
	int		 n = 0;

	while ((p = memmem(p, (size_t)(end - p), "/Type /Page", 11)) != NULL) {
		p += 11;
		if (p < end && *p != 's')
			n++;
	}
	return n;
}

static void
text_exact(void **state)
{
	const char	*text = "КВИТАНЦИЯ № 1\n  проценты   800,00 руб.\n";
	char		*path, *got;
	size_t		 n;

	(void)state;
	xasprintf(&path, "%s/r.txt", dir);
	assert_null(docfile_write(path, "Квитанция", text));
	got = slurp(path, &n);
	assert_int_equal(n, strlen(text));
	assert_memory_equal(got, text, n);
	free(got);
	unlink(path);
	free(path);
}

static void
pdf_pages(void **state)
{
	struct buf	 b = BUF_INIT;
	char		*path, *got;
	size_t		 n;
	int		 i;

	(void)state;
	xasprintf(&path, "%s/r.PDF", dir);
	assert_null(docfile_write(path, "Справка", "Заём погашен.\n"));
	got = slurp(path, &n);
	assert_true(n > 5 && memcmp(got, "%PDF-", 5) == 0);
	assert_int_equal(pages(got, n), 1);
	free(got);
	/* 200 lines at 10 pt on A4 between 2 cm margins: four pages. */
	for (i = 0; i < 200; i++)
		buf_addf(&b, "строка %d\n", i + 1);
	assert_null(docfile_write(path, "Длинный документ", b.data));
	got = slurp(path, &n);
	assert_int_equal(pages(got, n), 4);
	free(got);
	buf_release(&b);
	unlink(path);
	free(path);
}

static void
unwritable(void **state)
{
	char		*txt, *pdf;
	const char	*why;

	(void)state;
	xasprintf(&txt, "%s/no/such/r.txt", dir);
	xasprintf(&pdf, "%s/no/such/r.pdf", dir);
	assert_non_null(why = docfile_write(txt, "t", "x"));
	assert_string_equal(why, "No such file or directory");
	assert_non_null(why = docfile_write(pdf, "t", "x"));
	assert_string_equal(why, "No such file or directory");
	assert_int_equal(access(pdf, F_OK), -1);
	free(txt);
	free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_exact),
		cmocka_unit_test(pdf_pages),
		cmocka_unit_test(unwritable),
	};
	int	rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
