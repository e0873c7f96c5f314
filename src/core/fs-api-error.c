/* fs-api-error.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fs-api-error.h"

/* What a provider's failure means for the user: its class and one
 * translated line that says what happened and what to do. Reading the
 * provider's body is fs-api-error-parse.c's job. */

/* Classification -------------------------------------------------------- */

static gboolean
contains_any (const char         *haystack,
              const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    {
      if (strstr (haystack, needles[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Moderation arrives as 400 (OpenAI, APIYI's gpt-image), 422 (APIYI's FLUX
 * channel) or, reportedly, 403, so it is recognised by code and wording
 * rather than by status. */
static gboolean
is_moderation (const FsApiError *error)
{
  static const char * const codes[] = {
    "moderation_blocked", "content_policy_violation", "content_filter",
    "moderated", NULL
  };
  /* Not "moderation" alone: gpt-image has a "moderation" parameter, and
   * a bad value for it is an ordinary refusal. */
  static const char * const phrases[] = {
    "moderated", "moderation:", "moderation reason", "by moderation",
    "moderation_blocked", "safety system", "safety filter", "content policy",
    "content_policy", "nsfw", NULL
  };
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;

  message = g_ascii_strdown (error->message ? error->message : "", -1);
  code = g_ascii_strdown (error->code ? error->code : "", -1);

  return g_strv_contains (codes, code) ||
         contains_any (message, phrases) ||
         contains_any (code, phrases);
}

/**
 * fs_api_error_classify:
 * @error: a parsed error
 *
 * 4xx means the provider said no (REFUSED, or MODERATED when it was the
 * content); 429, 5xx and no response are FAILED. 408 is TIMEOUT. 504 is a
 * gateway's own time limit and, like any 5xx, FAILED: TIMEOUT is kept for
 * Flux Studio's time limits, so the user is not sent looking at their own
 * settings.
 */
FsErrorCode
fs_api_error_classify (const FsApiError *error)
{
  g_return_val_if_fail (error != NULL, FS_ERROR_FAILED);

  if (error->status == 408)
    return FS_ERROR_TIMEOUT;
  if (error->status == 429)
    return FS_ERROR_FAILED;
  if (error->status >= 400 && error->status < 500)
    return is_moderation (error) ? FS_ERROR_MODERATED : FS_ERROR_REFUSED;

  return FS_ERROR_FAILED;
}

/* Messages -------------------------------------------------------------- */

/* The provider's message without its final full stop, so that it can sit
 * inside a sentence of ours. */
static char *
strip_final_stop (const char *message)
{
  char *copy = g_strstrip (g_strdup (message ? message : ""));
  gsize len = strlen (copy);

  while (len > 0 && (copy[len - 1] == '.' || g_ascii_isspace (copy[len - 1])))
    copy[--len] = '\0';

  return copy;
}

static char *
describe_moderated (const FsApiError *error,
                    const char       *provider,
                    const char       *detail)
{
  if (g_str_has_prefix (detail, "Moderation: "))
    /* Translators: the first %s is a provider name, the second the
     * moderation reasons it gave (such as "Safety Filter"), %u the HTTP
     * status */
    return g_strdup_printf (_("%s blocked this prompt (moderation: %s; "
                              "HTTP %u)."),
                            provider, detail + strlen ("Moderation: "),
                            error->status);

  /* Translators: the first %s is a provider name, %u the HTTP status and
   * the second %s the provider's own message */
  return g_strdup_printf (_("%s blocked this prompt (HTTP %u: %s)."),
                          provider, error->status, detail);
}

static char *
describe_failure (const FsApiError *error,
                  const char       *provider,
                  const char       *detail)
{
  /* Translators in the messages below: the first %s is a provider name
   * (or "The provider"), %u the HTTP status and the last %s the
   * provider's own message */
  if (error->status == 0)
    return g_strdup_printf (_("%s could not be reached: %s."),
                            provider, detail);
  if (error->status == 429)
    return g_strdup_printf (_("%s rate-limited the request (HTTP %u): %s."),
                            provider, error->status, detail);
  if (error->status >= 500)
    return g_strdup_printf (_("%s had a server error (HTTP %u): %s."),
                            provider, error->status, detail);

  return g_strdup_printf (_("%s sent an unexpected answer (HTTP %u): %s."),
                          provider, error->status, detail);
}

static char *
describe (const FsApiError *error,
          FsErrorCode       code,
          const char       *provider,
          const char       *detail)
{
  switch (code)
    {
    case FS_ERROR_MODERATED:
      return describe_moderated (error, provider, detail);
    case FS_ERROR_REFUSED:
      /* Translators: the first %s is a provider name, %u the HTTP status
       * and the second %s the provider's own message */
      return g_strdup_printf (_("%s refused the request (HTTP %u): %s."),
                              provider, error->status, detail);
    case FS_ERROR_TIMEOUT:
      /* Translators: as above */
      return g_strdup_printf (_("%s timed out (HTTP %u): %s."),
                              provider, error->status, detail);
    default:
      return describe_failure (error, provider, detail);
    }
}

/* What to do about it, by class and status. */
static char *
advice (const FsApiError *error,
        FsErrorCode       code)
{
  guint status = error->status;

  if (code == FS_ERROR_MODERATED)
    return g_strdup (_("Nothing was charged. Reword the prompt or change "
                       "the reference images."));
  if (code == FS_ERROR_TIMEOUT)
    return g_strdup (_("Try again; a smaller image or fewer references "
                       "may help."));
  if (status == 401 || status == 403)
    return g_strdup (_("Check the API key in Preferences."));
  if (status == 402)
    return g_strdup (_("The account is out of credits: add credits with "
                       "the provider and try again."));
  if (status == 404)
    return g_strdup (_("Check the base URL and the model in Preferences."));
  if (status == 429 && error->retry_after > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Try again in %u second.",
                                         "Try again in %u seconds.",
                                         error->retry_after),
                            error->retry_after);
  if (status == 429)
    return g_strdup (_("Wait a minute and try again, or run fewer jobs "
                       "at once."));
  if (status >= 400 && status < 500)
    return g_strdup (_("Check the prompt and the settings, then try again."));
  if (status >= 500)
    return g_strdup (_("The problem is on the provider’s side: try again "
                       "in a few minutes."));
  if (status == 0)
    return g_strdup (_("Check the network connection and the base URL in "
                       "Preferences."));

  return NULL;
}

/**
 * fs_api_error_to_gerror:
 * @error: a parsed error
 * @provider_name: (nullable): the provider's display name
 *
 * Returns: a #GError in %FS_ERROR whose code is fs_api_error_classify()'s
 * and whose message is one translated line: what happened (with the HTTP
 * status and the provider's message), what to do, and the request id
 * when there is one, since support needs it.
 */
GError *
fs_api_error_to_gerror (const FsApiError *error,
                        const char       *provider_name)
{
  g_autofree char *detail = NULL;
  g_autofree char *head = NULL;
  g_autofree char *tip = NULL;
  g_autofree char *line = NULL;
  GString *text;
  FsErrorCode code;

  g_return_val_if_fail (error != NULL, NULL);

  if (provider_name == NULL || *provider_name == '\0')
    provider_name = _("The provider");

  code = fs_api_error_classify (error);
  detail = strip_final_stop (error->message);
  head = describe (error, code, provider_name, detail);
  tip = advice (error, code);

  text = g_string_new (head);
  if (tip != NULL)
    g_string_append_printf (text, " %s", tip);
  if (error->request_id != NULL && *error->request_id != '\0')
    {
      g_string_append_c (text, ' ');
      /* Translators: %s is the id a provider gave the request, for support */
      g_string_append_printf (text, _("Request id: %s."), error->request_id);
    }

  line = g_string_free (text, FALSE);

  return g_error_new_literal (FS_ERROR, code, line);
}
