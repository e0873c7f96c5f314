# fake-notifications.py
#
# Copyright 2026 The Flux Studio authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A stand-in for GNOME Shell's notification server on the session bus:
owns org.gtk.Notifications (the interface GLib's GNotification uses when
that name has an owner), exports AddNotification and RemoveNotification
at /org/gtk/Notifications, and writes each call as a JSON line to LOG.
Prints "ready" once the name is owned. Run with /usr/bin/python3 (gi).

    fake-notifications.py LOG
"""

import json
import sys

from gi.repository import Gio, GLib

NAME = "org.gtk.Notifications"
PATH = "/org/gtk/Notifications"
XML = """
<node>
  <interface name="org.gtk.Notifications">
    <method name="AddNotification">
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="a{sv}" direction="in"/>
    </method>
    <method name="RemoveNotification">
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
    </method>
  </interface>
</node>
"""


def plain(value):
    """A GVariant's contents as JSON can hold them; what it cannot (an
    icon, an action's target) as its text."""
    unpacked = value.unpack() if isinstance(value, GLib.Variant) else value
    try:
        json.dumps(unpacked)
        return unpacked
    except TypeError:
        return str(value)


def main():
    log = open(sys.argv[1], "a", buffering=1)
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    loop = GLib.MainLoop()

    def method_call(connection, sender, path, interface, method, parameters, invocation):
        args = parameters.unpack()
        entry = {"method": method, "app_id": args[0], "id": args[1]}
        if method == "AddNotification":
            notification = parameters.get_child_value(2)
            entry["notification"] = {key: plain(notification.lookup_value(key, None))
                                     for key in notification.keys()}
        log.write(json.dumps(entry) + "\n")
        invocation.return_value(None)

    def bus_acquired(connection, name):
        connection.register_object(PATH, info, method_call, None, None)

    def name_acquired(connection, name):
        print("ready", flush=True)

    def name_lost(connection, name):
        print(f"could not own {NAME}", file=sys.stderr, flush=True)
        loop.quit()

    Gio.bus_own_name(Gio.BusType.SESSION, NAME, Gio.BusNameOwnerFlags.NONE,
                     bus_acquired, name_acquired, name_lost)
    loop.run()
    return 1


if __name__ == "__main__":
    sys.exit(main())
