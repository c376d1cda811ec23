/**
 * The app asks the browser for no permission (camera, notifications, geolocation, HID, USB,
 * serial, …), so every request and every check is refused. Screen capture would also need
 * a display-media request handler, which the app never installs.
 */
import type { Session } from 'electron';

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
