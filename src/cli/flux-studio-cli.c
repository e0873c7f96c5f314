/* flux-studio-cli.c
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fs-cli.h"
#include "fs-i18n.h"

/* flux-studio-cli: the command table and main(); the helpers the commands
 * share are in fs-cli.c. */

/* The core logs a warning when it meets a broken or unusable file or
 * folder of the user's: their models.json, a sidecar or a palette that
 * cannot be read, a full recovery folder. In the CLI the reader of those
 * warnings is the person at the terminal, so they are printed as the
 * CLI's own, like the problems it finds itself ("flux-studio-cli:
 * warning: …"), and do not end the run under G_DEBUG=fatal-warnings: they
 * describe the user's files, not a bug. Everything else (criticals, debug
 * output, the warnings of GLib, GIO, libsoup and json-glib) goes to GLib's
 * writer, where G_DEBUG and G_MESSAGES_DEBUG apply as usual. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  if ((log_level & G_LOG_LEVEL_MASK) != G_LOG_LEVEL_WARNING)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length >= 0)
        continue;
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if (message == NULL || g_strcmp0 (domain, FS_CORE_LOG_DOMAIN) != 0)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  g_printerr (_("flux-studio-cli: warning: %s\n"), message);
  return G_LOG_WRITER_HANDLED;
}

static void
usage (void)
{
  g_printerr ("%s",
              _("Usage: flux-studio-cli COMMAND [OPTION…]\n"
                "\n"
                "Commands:\n"
                "  generate   Generate images and save them to the gallery\n"
                "  batch      Generate a job for each prompt of a .txt, .csv or .jsonl\n"
                "             file\n"
                "  models     List the models in the catalog\n"
                "  list       List the images in the gallery, with search and filters\n"
                "  rate       Rate images from 0 to 5 stars\n"
                "  star       Mark images as favourites (unstar takes the mark off)\n"
                "  collection List, create, rename and delete collections; add and remove\n"
                "             images\n"
                "  credits    Show the account balance (Black Forest Labs)\n"
                "  colours    Show an image’s dominant colours and check expected ones\n"
                "             (also “colors”)\n"
                "  palette    List, show, import and export brand palettes\n"
                "  resume     Finish the jobs a crash or a quit interrupted\n"
                "  export     Write copies of gallery images, with their record inside,\n"
                "             to a folder\n"
                "  preset     Save, list, show, export and import presets of generate’s\n"
                "             options\n"
                "  spend      Show what paid calls cost this month, set the budget,\n"
                "             export the ledger as CSV\n"
                "\n"
                "Run “flux-studio-cli COMMAND --help” for a command’s options.\n"));
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int, char **);
  } commands[] = {
    { "generate", fs_cli_generate },
    { "models", fs_cli_models },
    { "list", fs_cli_list },
    { "credits", fs_cli_credits },
    { "colours", fs_cli_colours },
    /* The spelling of most scripts; the same command. */
    { "colors", fs_cli_colours },
    { "palette", fs_cli_palette },
    { "resume", fs_cli_resume },
    { "rate", fs_cli_rate },
    { "star", fs_cli_star },
    { "unstar", fs_cli_unstar },
    { "collection", fs_cli_collection },
    { "export", fs_cli_export },
    { "spend", fs_cli_spend },
    { "batch", fs_cli_batch },
    { "preset", fs_cli_preset },
  };

  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  fs_i18n_init ();
  g_set_prgname ("flux-studio-cli");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage ();
      return argc < 2 ? FS_CLI_EXIT_INVALID : FS_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("flux-studio-cli %s\n", PACKAGE_VERSION);
      return FS_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          int status = commands[i].run (argc - 1, argv + 1);

          fs_cli_settle ();
          return status;
        }
    }

  g_printerr (_("flux-studio-cli: unknown command “%s”\n"), argv[1]);
  usage ();
  return FS_CLI_EXIT_INVALID;
}
