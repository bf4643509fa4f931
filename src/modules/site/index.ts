export { siteModule } from './site.module.ts'
