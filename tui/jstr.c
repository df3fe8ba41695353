/*
 * jstr.c — a member of a JSON object from the daemon, read as a string
 * or a number whatever it holds, so that the screens and the commands
 * need not check each type themselves.
 */
#include "tui.h"

const char *
jstr_or(json_t *o, const char *key, const char *dflt)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : dflt;
}

const char *
jstr(json_t *o, const char *key)
{
	return jstr_or(o, key, "");
}

const char *
jstr_null(json_t *o, const char *key)
{
	return jstr_or(o, key, NULL);
}

int64_t
jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}
