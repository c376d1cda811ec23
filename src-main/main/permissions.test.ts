// Every permission request and check is refused, whoever asks.
import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions } from './permissions';

const PERMISSIONS = [
  'media',
  'display-capture',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'fullscreen',
  'pointerLock',
  'openExternal',
  'hid',
  'serial',
  'usb',
  'midiSysex',
  'fileSystem',
  'window-management',
  'unknown',
];

function installed() {
  const handlers: Record<string, (...args: unknown[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (handler: never) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: never) => (handlers.check = handler),
    setDevicePermissionHandler: (handler: never) => (handlers.device = handler),
  };
  denyAllPermissions(session as unknown as Session);
  return handlers;
}

describe('denyAllPermissions', () => {
  it('refuses every permission request, even from the app page', () => {
    const { request } = installed();
    for (const permission of PERMISSIONS) {
      const callback = vi.fn();
      request!({}, permission, callback, { requestingUrl: 'app://workbench/index.html' });
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('answers every permission check and device check with no', () => {
    const { check, device } = installed();
    for (const permission of PERMISSIONS) {
      expect(check!({}, permission, 'app://workbench', {}), permission).toBe(false);
      expect(check!(null, permission, 'https://evil.example', {}), permission).toBe(false);
    }
    expect(device!({ deviceType: 'usb', origin: 'app://workbench', device: {} })).toBe(false);
    expect(device!({ deviceType: 'hid', origin: 'app://workbench', device: {} })).toBe(false);
  });
});
