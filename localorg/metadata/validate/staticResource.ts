/** Static resources: the content file, and a `-meta.xml` with a content type (zips must unzip). */
import { unzipSync } from 'fflate';
import type { PackageComponent } from '../package/components.ts';
import { decodeText } from '../package/zip.ts';
import { textOf } from '../xml/parse.ts';
import type { DeployContext } from './context.ts';
import { checkMetadataXml } from './meta.ts';
import { part } from './types.ts';
import type { ComponentValidation, PartProblem } from './types.ts';

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/java-archive'];

export function validateStaticResource(
  component: PackageComponent,
  ctx: DeployContext,
): ComponentValidation {
  const problems: PartProblem[] = [];
  const content = component.files.get(component.path) ?? null;
  const metaPath = `${component.path}-meta.xml`;
  const metaFileName = `${component.fileName}-meta.xml`;
  const metaContent = component.files.get(metaPath);
  const meta = metaContent ? decodeText(metaContent) : null;
  if (!content) problems.push({ problem: `Missing file ${component.path}` });
  if (meta === null) {
    problems.push({ fileName: metaFileName, problem: `Missing file ${metaPath}` });
  } else {
    const parsed = checkMetadataXml(meta, 'StaticResource', metaFileName);
    if (!parsed.ok) {
      problems.push(parsed.problem);
    } else {
      const contentType = textOf(parsed.value.contentType)?.trim();
      const cacheControl = textOf(parsed.value.cacheControl)?.trim();
      if (!contentType) {
        problems.push({ fileName: metaFileName, problem: 'The contentType field is required' });
      } else if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
        problems.push({ fileName: metaFileName, problem: `Invalid contentType: ${contentType}` });
      } else if (content && ZIP_TYPES.includes(contentType)) {
        try {
          unzipSync(content);
        } catch {
          problems.push({
            problem: `The static resource ${component.fullName} has content type ${contentType} but is not a valid zip file`,
          });
        }
      }
      if (cacheControl && !['Public', 'Private'].includes(cacheControl)) {
        problems.push({
          fileName: metaFileName,
          problem: `Invalid cacheControl: ${cacheControl} (Public or Private)`,
        });
      }
    }
  }
  if (problems.length === 0) ctx.defineComponent('StaticResource', component.fullName);
  return {
    parts: [
      part(
        'StaticResource',
        component.fullName,
        component.fileName,
        { body: content, meta },
        problems,
      ),
    ],
  };
}
