import plugin from './index';

jest.mock('@strapi/strapi/admin', () => require('../test/strapiAdminMock'));

const fakeApp = () => ({
  registerPlugin: jest.fn(),
  customFields: { register: jest.fn() },
  addSettingsLink: jest.fn(),
});

describe('admin registration', () => {
  it('registers the plugin, the custom field and two global settings links', async () => {
    const app = fakeApp();
    // The fake only has what register() touches.
    plugin.register(app as unknown as Parameters<typeof plugin.register>[0]);

    expect(app.registerPlugin).toHaveBeenCalledWith({ id: 'matterport', name: 'Matterport' });

    const field = app.customFields.register.mock.calls[0][0];
    expect(field).toMatchObject({ name: 'model', pluginId: 'matterport', type: 'json' });
    const input = await field.components.Input();
    expect(typeof input.default).toBe('object'); // a forwardRef component

    const [section, links] = app.addSettingsLink.mock.calls[0];
    expect(section).toBe('global');
    expect(
      links.map((link: { id: string; to: string; permissions: unknown }) => [
        link.id,
        link.to,
        link.permissions,
      ])
    ).toEqual([
      [
        'matterport-settings',
        'matterport',
        [{ action: 'plugin::matterport.settings.read', subject: null }],
      ],
      [
        'matterport-links',
        'matterport-links',
        [{ action: 'plugin::matterport.links.read', subject: null }],
      ],
      [
        'matterport-activity',
        'matterport-activity',
        [{ action: 'plugin::matterport.settings.read', subject: null }],
      ],
    ]);
    const pages = await Promise.all(
      links.map((link: { Component: () => Promise<{ default: unknown }> }) => link.Component())
    );
    pages.forEach((page) => expect(typeof page.default).toBe('function'));
  });

  it('registers prefixed translations, and nothing for a locale it lacks', async () => {
    const trads = await plugin.registerTrads({ locales: ['en', 'fr', 'xx'] });
    expect(trads.map((t) => t.locale)).toEqual(['en', 'fr', 'xx']);
    expect(trads[0].data['matterport.settings.save']).toBe('Save');
    expect(trads[1].data['matterport.settings.save']).toBe('Enregistrer');
    expect(trads[2].data).toEqual({});
  });
});
