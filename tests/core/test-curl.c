/* test-curl.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fs-http.h"
#include "fs-http-private.h"

/* "Copy as curl": a call written as a command line a POSIX shell reads
 * back to the same URL, headers and body, with the key only as a shell
 * variable. Each command is checked twice: split as the shell would
 * (g_shell_parse_argv) and run by /bin/sh with curl replaced by a
 * function that prints its arguments. */

#define TEST_KEY "sk-test-0123456789abcdef"

/* The arguments /bin/sh hands to curl, with @variable=@value set. */
static GStrv
run_in_shell (const char *command,
              const char *variable,
              const char *value)
{
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  int status = 0;

  script = g_strdup_printf ("curl () { for a in \"$@\"; do printf '%%s\\036' \"$a\"; done; }\n"
                            "%s=%s\n%s\n", variable, value, command);
  argv[2] = script;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_suffix (out, "\036"));
  out[strlen (out) - 1] = '\0';
  return g_strsplit (out, "\036", -1);
}

static GStrv
split (const char *command)
{
  g_autoptr(GError) error = NULL;
  char **argv = NULL;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_no_error (error);
  return argv;
}

/* The value after the @n-th (0-based) @option. */
static const char *
option_value (GStrv       argv,
              const char *option,
              guint       n)
{
  for (guint i = 0; argv[i] != NULL && argv[i + 1] != NULL; i++)
    {
      if (g_str_equal (argv[i], option) && n-- == 0)
        return argv[i + 1];
    }
  return NULL;
}

static void
test_json_post (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("POST", "https://api.bfl.ai/v1/flux-2-pro");
  g_autoptr(JsonNode) body = json_from_string ("{\"prompt\":\"Tom's tea, \\\"hot\\\" $HOME `id` \\\\n\","
                                               "\"seed\":7}", NULL);
  g_autofree char *curl = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) ran = NULL;
  g_autoptr(JsonNode) sent = NULL;

  fs_http_call_add_header (call, "accept", "application/json");
  fs_http_call_set_key (call, "x-key", NULL, TEST_KEY);
  fs_http_call_set_json (call, body);
  curl = fs_http_call_to_curl (call, "$BFL_API_KEY");

  g_test_message ("%s", curl);
  g_assert_true (g_str_has_prefix (curl, "curl -X POST 'https://api.bfl.ai/v1/flux-2-pro'"));
  g_assert_null (strstr (curl, TEST_KEY));
  g_assert_nonnull (strstr (curl, "-H \"x-key: $BFL_API_KEY\""));
  g_assert_nonnull (strstr (curl, "-H 'accept: application/json'"));
  g_assert_nonnull (strstr (curl, "-H 'Content-Type: application/json'"));
  /* The quote in "Tom's" closes the quoted run and reopens it. */
  g_assert_nonnull (strstr (curl, "Tom'\\''s"));

  argv = split (curl);
  g_assert_cmpstr (argv[0], ==, "curl");
  g_assert_cmpstr (option_value (argv, "-X", 0), ==, "POST");
  g_assert_cmpstr (option_value (argv, "-H", 1), ==, "x-key: $BFL_API_KEY");
  sent = json_from_string (option_value (argv, "--data-raw", 0), NULL);
  g_assert_true (json_node_equal (sent, body));

  /* The shell puts the key in from the variable, and nothing else of the
   * body is touched by it. */
  ran = run_in_shell (curl, "BFL_API_KEY", TEST_KEY);
  g_assert_cmpstr (option_value (ran, "-H", 1), ==, "x-key: " TEST_KEY);
  g_assert_cmpstr (option_value (ran, "--data-raw", 0), ==, option_value (argv, "--data-raw", 0));
}

static void
test_get_bearer (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("GET", "https://api.apiyi.com/v1/models?a=1&b=2");
  g_autofree char *curl = NULL;
  g_auto(GStrv) ran = NULL;

  fs_http_call_set_key (call, "Authorization", "Bearer", TEST_KEY);
  curl = fs_http_call_to_curl (call, "$APIYI_API_KEY");

  g_assert_cmpstr (curl, ==,
                   "curl 'https://api.apiyi.com/v1/models?a=1&b=2'"
                   " -H \"Authorization: Bearer $APIYI_API_KEY\"");

  ran = run_in_shell (curl, "APIYI_API_KEY", TEST_KEY);
  g_assert_cmpstr (ran[0], ==, "https://api.apiyi.com/v1/models?a=1&b=2");
  g_assert_cmpstr (option_value (ran, "-H", 0), ==, "Authorization: Bearer " TEST_KEY);
}

static void
test_no_key (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("GET", "https://delivery.example/x.jpg?sig=a'b");
  g_autofree char *curl = fs_http_call_to_curl (call, "$BFL_API_KEY");
  g_auto(GStrv) argv = split (curl);

  /* A download carries no key, so the command names none. */
  g_assert_null (strstr (curl, "BFL_API_KEY"));
  g_assert_cmpstr (argv[1], ==, "https://delivery.example/x.jpg?sig=a'b");
  g_assert_null (argv[2]);
}

static void
test_key_variable_forms (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("GET", "https://api.bfl.ai/v1/credits");
  g_autofree char *braced = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *literal = NULL;
  g_auto(GStrv) ran = NULL;

  fs_http_call_set_key (call, "x-key", NULL, TEST_KEY);

  braced = fs_http_call_to_curl (call, "${BFL_API_KEY}");
  g_assert_nonnull (strstr (braced, "-H \"x-key: ${BFL_API_KEY}\""));

  fallback = fs_http_call_to_curl (call, NULL);
  g_assert_nonnull (strstr (fallback, "-H \"x-key: $API_KEY\""));

  /* Anything but a plain variable is written literally: no command
   * substitution can sneak in. */
  literal = fs_http_call_to_curl (call, "$(touch /tmp/x)\"");
  g_assert_nonnull (strstr (literal, "-H \"x-key: \\$(touch /tmp/x)\\\"\""));
  ran = run_in_shell (literal, "UNUSED", "1");
  g_assert_cmpstr (option_value (ran, "-H", 0), ==, "x-key: $(touch /tmp/x)\"");
}

static void
test_multipart (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("POST", "https://api.apiyi.com/v1/images/edits");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG", 4);
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff", 3);
  g_autoptr(GBytes) plain = g_bytes_new_static ("plain", 5);
  g_autofree char *curl = NULL;
  g_auto(GStrv) argv = NULL;

  soup_multipart_append_form_string (multipart, "model", "flux-2-pro");
  soup_multipart_append_form_string (multipart, "prompt", "image 1 on image 2; it's @noon");
  soup_multipart_append_form_string (multipart, "note", "<not a file");
  soup_multipart_append_form_file (multipart, "image[]", "image-1.png", "image/png", png);
  soup_multipart_append_form_file (multipart, "image[]", "image-2.jpg", "image/jpeg", jpeg);
  fs_http_call_set_multipart (call, multipart, "model, prompt, image[] ×2");
  fs_http_call_set_key (call, "Authorization", "Bearer", TEST_KEY);

  curl = fs_http_call_to_curl (call, "$APIYI_API_KEY");
  g_test_message ("%s", curl);
  argv = split (curl);

  g_assert_cmpstr (option_value (argv, "-F", 0), ==, "model=flux-2-pro");
  /* Values curl would read as files or options go in literally. */
  g_assert_cmpstr (option_value (argv, "--form-string", 0), ==,
                   "prompt=image 1 on image 2; it's @noon");
  g_assert_cmpstr (option_value (argv, "--form-string", 1), ==, "note=<not a file");
  g_assert_cmpstr (option_value (argv, "-F", 1), ==, "image[]=@image-1.png;type=image/png");
  g_assert_cmpstr (option_value (argv, "-F", 2), ==, "image[]=@image-2.jpg;type=image/jpeg");
  g_assert_null (option_value (argv, "-F", 3));
  /* curl writes its own multipart Content-Type, with its own boundary. */
  g_assert_null (strstr (curl, "Content-Type"));
  g_assert_null (strstr (curl, "--data"));
  g_assert_cmpstr (option_value (argv, "-H", 0), ==, "Authorization: Bearer $APIYI_API_KEY");
  g_assert_null (strstr (curl, TEST_KEY));

  /* A body set afterwards replaces the parts. */
  fs_http_call_set_body (call, "text/plain", plain);
  g_clear_pointer (&curl, g_free);
  curl = fs_http_call_to_curl (call, "$APIYI_API_KEY");
  g_assert_null (strstr (curl, "-F"));
  g_assert_nonnull (strstr (curl, "--data-raw 'plain'"));
}

static void
test_binary_body (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("PUT", "http://127.0.0.1:8080/upload");
  g_autoptr(GBytes) body = g_bytes_new_static ("\x00\x01\xff", 3);
  g_autofree char *curl = NULL;

  fs_http_call_set_body (call, "application/octet-stream", body);
  curl = fs_http_call_to_curl (call, NULL);
  g_assert_cmpstr (curl, ==,
                   "curl -X PUT 'http://127.0.0.1:8080/upload'"
                   " -H 'Content-Type: application/octet-stream' --data-binary @request-body");
}

static void
test_abridged (void)
{
  g_autoptr(FsHttpCall) call = fs_http_call_new ("POST", "https://api.bfl.ai/v1/flux-2-pro");
  g_autofree char *base64 = NULL;
  g_autofree char *word = g_strnfill (400, 'w');
  g_autofree char *prompt = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *full = NULL;
  g_autofree char *short_curl = NULL;
  g_autofree char *described = NULL;
  g_autofree char *marker = NULL;

  base64 = g_strnfill (5000, 'A');
  prompt = g_strconcat (word, " and more", NULL);
  json = g_strdup_printf ("{\"prompt\":\"%s\",\"input_image\":\"%s\",\"n\":[\"%s\"]}",
                          prompt, base64, base64);
  body = json_from_string (json, NULL);
  fs_http_call_set_json (call, body);

  full = fs_http_call_to_curl (call, NULL);
  g_assert_nonnull (strstr (full, base64));

  /* Data without spaces is cut, wherever it sits; text is kept whole. */
  marker = g_strdup_printf ("%.32s…[5000 characters]", base64);
  short_curl = _fs_http_call_to_curl_abridged (call, NULL, 256);
  g_assert_null (strstr (short_curl, base64));
  g_assert_nonnull (strstr (short_curl, marker));
  g_assert_nonnull (strstr (strstr (short_curl, marker) + 1, marker));
  g_assert_nonnull (strstr (short_curl, prompt));

  described = _fs_http_call_describe_abridged (call, 256);
  g_assert_null (strstr (described, base64));
  g_assert_nonnull (strstr (described, marker));
  g_assert_nonnull (strstr (described, prompt));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/curl/json-post", test_json_post);
  g_test_add_func ("/curl/get-bearer", test_get_bearer);
  g_test_add_func ("/curl/no-key", test_no_key);
  g_test_add_func ("/curl/key-variable-forms", test_key_variable_forms);
  g_test_add_func ("/curl/multipart", test_multipart);
  g_test_add_func ("/curl/binary-body", test_binary_body);
  g_test_add_func ("/curl/abridged", test_abridged);

  return g_test_run ();
}
