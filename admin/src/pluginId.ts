/** The plugin's name, from the shared vocabulary: routes and translations hang off it. */
export { PLUGIN_ID } from '../../common/plugin';
