// H5 production build only: imported first by every page except the home (zod-before-page.js), and by lazy-zod.js
// when the home needs zod, so zod loads in its own chunk and is installed before the code that uses it runs. The
// build replaces this text with the members of `z` the shared schemas use (zod-members.js); as written here, for a
// build without that loader, it hands over all of `z`.
import { z } from 'zod'
import { installZod } from './lazy-zod.js'

installZod(z)
