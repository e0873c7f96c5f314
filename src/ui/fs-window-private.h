/* fs-window-private.h
 *
 * Copyright 2026 The Flux Studio authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fs-application.h"
#include "fs-batch-call.h"
#include "fs-collections-list.h"
#include "fs-compare-view.h"
#include "fs-canvas-editor.h"
#include "fs-batch-panel.h"
#include "fs-detail-page.h"
#include "fs-gallery.h"
#include "fs-palette-bar.h"
#include "fs-param-panel.h"
#include "fs-prompt-editor.h"
#include "fs-reference-tray.h"
#include "fs-welcome-page.h"
#include "fs-window.h"

G_BEGIN_DECLS

typedef struct _FsWindowBatchHold FsWindowBatchHold;
typedef struct _FsWindowUnsent FsWindowUnsent;

struct _FsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  AdwFlap              *flap;
  GtkDropDown          *provider_drop_down;
  GtkDropDown          *model_drop_down;
  GtkMenuButton        *menu_button;
  GtkWidget            *balance_label;
  GtkWidget            *panel_box;
  GtkWidget            *panel_spinner;
  FsPromptEditor       *prompt_editor;
  FsPaletteBar         *palette_bar;
  FsReferenceTray      *reference_tray;
  GtkWidget            *prompt_area;
  GtkWidget            *reason_label;
  GtkWidget            *generate_button;
  GtkWidget            *gallery_box;
  GtkWidget            *canvas_box;
  GtkWidget            *detail_box;
  FsWelcomePage        *welcome_page;
  AdwFlap              *collections_flap;
  FsCollectionsList    *collections_list;
  FsCompareView        *compare_view;

  GSettings            *settings;
  FsCatalog            *catalog;
  FsParamPanel         *panel;
  FsBatchPanel         *batch_panel;    /* fs-window-batch.c */
  GtkWidget            *presets_button; /* fs-window-presets.c */
  FsGallery            *gallery;
  FsDetailPage         *detail_page;
  FsCanvasEditor       *canvas_editor;
  GCancellable         *cancellable;
  GCancellable         *credits_cancellable;
  GQueue                toasts;         /* AdwToast: waiting their turn */
  AdwToast             *toast_shown;    /* the one in the overlay */
  gint64                toast_shown_us; /* when it was given to it */
  guint                 toast_wait_id;  /* while the last one hides */
  guint                 toast_dismiss_id; /* a dismissal held back */
  GPtrArray            *provider_ids;   /* char *, in drop-down order */
  GPtrArray            *model_ids;      /* char *, of the model drop-down */
  guint                 choosing;       /* >0 while the drop-downs are filled */
  guint                 n_key_lookups;  /* first-run check still waiting */
  char                 *first_keyed_provider;
  gboolean              started;        /* the first frame is on screen */
  GtkWidget            *shortcuts;      /* the shortcuts window, once asked for */
  FsAsset              *compare_with;   /* "Compare With…": the first image */
  GtkRevealer          *unsent_banner;  /* fs-window-unsent.c */
  GtkLabel             *unsent_label;
  FsWindowUnsent       *unsent;         /* the rows it offers, or NULL */
};

/* fs-window.c */
FsApplication *_fs_window_get_application    (FsWindow   *self);
const char    *_fs_window_get_provider_id    (FsWindow   *self);
const char    *_fs_window_get_model_id       (FsWindow   *self);
void           _fs_window_select             (FsWindow   *self,
                                              const char *provider_id,
                                              const char *model_id,
                                              gboolean    save);
void           _fs_window_show_main          (FsWindow   *self);
/* The first-run page, built the first time it is needed. */
void           _fs_window_show_welcome       (FsWindow   *self);
/* Calls @then with @asset once its record is loaded (at once when it is):
 * a failure to read it is a toast. */
typedef void (*FsWindowAssetFunc) (FsWindow *self,
                                   FsAsset  *asset);
void           _fs_window_with_record        (FsWindow          *self,
                                              FsAsset           *asset,
                                              FsWindowAssetFunc  then);
gboolean       _fs_window_detail_visible     (FsWindow   *self);

/* fs-window-generate.c */
void           _fs_window_generate           (FsWindow   *self,
                                              FsRequest  *request);
void           _fs_window_generate_call      (FsWindow                  *self,
                                              FsRequest                 *request,
                                              FsBatchCall               *call,
                                              FsWindowBatchHold         *hold);
void           _fs_window_refresh_credits    (FsWindow   *self);
void           _fs_window_refresh_history    (FsWindow   *self);
void           _fs_window_check_first_run    (FsWindow   *self);
void           _fs_window_job_finished       (FsWindow   *self,
                                              FsJob      *job,
                                              GPtrArray  *assets,
                                              GError     *error);

/* fs-window-actions.c: the image the detail page shows, or the
 * gallery's selected one. */
FsAsset       *_fs_window_current_asset      (FsWindow   *self);

/* fs-window-batch.c: the Images group, batches and More Like This; the
 * request Generate would send now (NULL before the sidebar is built). */
FsRequest     *_fs_window_build_request      (FsWindow   *self);
void           _fs_window_install_batch      (FsWindow   *self);
void           _fs_window_generate_batch     (FsWindow   *self,
                                              FsRequest  *request);
void           _fs_window_class_install_batch (GtkWidgetClass *widget_class);
/* Asks first as a Generate would (threshold, budget), then queues each of
 * @calls (FsBatchCall, taken) of a journalled batch held by @hold. */
void           _fs_window_start_calls        (FsWindow                  *self,
                                              GPtrArray                 *calls,
                                              FsWindowBatchHold         *hold);

/* fs-window-unsent.c: batches journalled before anything is sent
 * (docs/ARCHITECTURE.md, “Batches”), and the unsent rows of interrupted
 * ones offered at start. A hold keeps a batch's lease (or a claim on dead
 * batches' rows) for as long as one of its jobs lives. */
FsWindowBatchHold *_fs_window_batch_hold_ref    (FsWindowBatchHold *hold);
void           _fs_window_batch_hold_unref   (FsWindowBatchHold *hold);
/* The library the batch's rows are journalled in. */
FsLibrary     *_fs_window_batch_hold_get_library (FsWindowBatchHold *hold);
/* A row that will not be sent after all (no key, no provider): dropped
 * from the journal, so no later start offers it again. */
void           _fs_window_batch_hold_drop_call (FsWindowBatchHold *hold,
                                                FsBatchCall       *call);
void           _fs_window_unsent_offer_again (FsWindow          *self,
                                              GPtrArray         *calls,
                                              FsWindowBatchHold *hold);
void           _fs_window_batch_hold_attach  (FsWindowBatchHold *hold,
                                              FsJob             *job);
/* Journals @plan (FsRequest) as a batch when it holds several, then
 * queues it; a single request is queued as one Generate. */
void           _fs_window_queue_batch        (FsWindow   *self,
                                              GPtrArray  *plan);
/* Claims the unsent rows of dead batches in @library and offers them. */
void           _fs_window_offer_unsent       (FsWindow   *self,
                                              FsLibrary  *library);
/* A job of a held batch cancelled: its row is dropped. */
void           _fs_window_unsent_job_finished (FsWindow    *self,
                                               FsJob       *job,
                                               const GError *error);
void           _fs_window_class_install_unsent (GtkWidgetClass *widget_class);
void           _fs_window_init_unsent        (FsWindow   *self);
void           _fs_window_dispose_unsent     (FsWindow   *self);

/* fs-window-presets.c: the Presets menu and its actions */
void           _fs_window_install_presets    (FsWindow   *self);
void           _fs_window_class_install_presets (GtkWidgetClass *widget_class);

/* fs-window-settings.c: settings from a dropped file */
void           _fs_window_class_install_settings (GtkWidgetClass *widget_class);
void           _fs_window_install_settings_drop  (FsWindow       *self);

/* fs-window-collections.c: the side list, the tiles' menu, Ctrl+D */
void           _fs_window_class_install_collections (GtkWidgetClass *widget_class);
void           _fs_window_attach_collections     (FsWindow       *self);
void           _fs_window_attach_collections_flap (FsWindow      *self);

/* fs-window-compare.c: win.compare and "Compare With…" */
void           _fs_window_class_install_compare  (GtkWidgetClass *widget_class);
gboolean       _fs_window_compare_pick           (FsWindow       *self,
                                                  FsAsset        *asset);
void           _fs_window_compare_with           (FsWindow       *self,
                                                  FsAsset        *asset);
/* fs-window-generate.c: a request on its way to the queue, holding the
 * window, while a worker prepares what it needs (its key, a mask). */
typedef struct
{
  FsWindow          *self;
  FsRequest         *request;
  FsBatchCall       *call;   /* a journalled batch's call, or NULL */
  FsWindowBatchHold *hold;   /* its batch's lease, or NULL */
} FsWindowGeneration;

FsWindowGeneration *_fs_window_generation_new  (FsWindow           *self,
                                                FsRequest          *request);
void           _fs_window_generation_free    (FsWindowGeneration *generation);

/* fs-window-canvas.c: editing an image (FLUX.1 Fill and Expand) */
void           _fs_window_class_install_canvas  (GtkWidgetClass *widget_class);
void           _fs_window_install_canvas        (FsWindow   *self);
void           _fs_window_canvas_attach_panel   (FsWindow   *self);
gboolean       _fs_window_canvas_active         (FsWindow   *self);
void           _fs_window_canvas_model_changed  (FsWindow   *self);
const char    *_fs_window_canvas_problem        (FsWindow   *self);
gboolean       _fs_window_canvas_prompt_optional (FsWindow  *self);
gboolean       _fs_window_canvas_generate       (FsWindow   *self,
                                                 FsRequest  *request);
gboolean       _fs_window_canvas_open_file      (FsWindow   *self,
                                                 GFile      *file);
void           _fs_window_canvas_remix          (FsWindow   *self,
                                                 FsAsset    *asset);
/* fs-window-toasts.c */
void        _fs_window_dispose_toasts (FsWindow *self);

/* fs-window-gallery.c: the gallery's toasts, search, stored query and
 * browse mode */
void           _fs_window_class_install_gallery (GtkWidgetClass *widget_class);
void           _fs_window_attach_gallery     (FsWindow   *self);
void           _fs_window_attach_browsing    (FsWindow   *self);
void           _fs_window_set_browsing       (FsWindow   *self,
                                              gboolean    browsing);
void           _fs_window_update_compose     (FsWindow   *self);

/* fs-window-actions.c */
FsAsset       *_fs_window_current_asset      (FsWindow   *self);
void           _fs_window_class_install_actions (GtkWidgetClass *widget_class);
void           _fs_window_update_actions     (FsWindow   *self);
/* The prompt the parameter panel checks: the typed one, or with none
 * typed a loaded prompt list's first (fs-window-batch.c). */
void           _fs_window_sync_prompt        (FsWindow   *self);
void           _fs_window_open_preferences   (FsWindow   *self,
                                              const char *provider_id);

G_END_DECLS
