/**
 * Which validator checks which type, and in what order: objects before the classes, triggers,
 * components and permission sets that refer to them.
 */
import type { Session } from '../../auth/session.ts';
import type { PackageComponent } from '../package/components.ts';
import { validateApexClass, validateApexTrigger } from './apex.ts';
import type { DeployContext } from './context.ts';
import { preregisterObject, validateCustomObject } from './customObject.ts';
import { validateGeneric } from './generic.ts';
import { validateLwcBundle } from './lwc.ts';
import { validateNetwork } from './network.ts';
import { validatePermissions } from './permissionSet.ts';
import { validateStaticResource } from './staticResource.ts';
import type { ComponentValidation } from './types.ts';

const PHASES: string[] = [
  'CustomObject',
  'StaticResource',
  'ApexClass',
  'ApexTrigger',
  'LightningComponentBundle',
  '*',
  'PermissionSet',
  'Profile',
  'PermissionSetGroup',
  // After the permission sets its member groups name.
  'Network',
];

function phaseOf(component: PackageComponent): number {
  const at = PHASES.indexOf(component.type.name);
  return at >= 0 ? at : PHASES.indexOf('*');
}

/** Components in validation order (dependencies first, then by name). */
export function validationOrder(components: PackageComponent[]): PackageComponent[] {
  return [...components].sort(
    (a, b) => phaseOf(a) - phaseOf(b) || a.fullName.localeCompare(b.fullName),
  );
}

export interface Validator {
  validate(component: PackageComponent): ComponentValidation;
}

/** A validator for one deploy; it first makes the deploy's objects known to each other. */
export function createValidator(
  components: PackageComponent[],
  ctx: DeployContext,
  session: Session,
): Validator {
  for (const component of components) {
    if (component.type.name === 'CustomObject') preregisterObject(component, ctx);
  }
  const bundles = new Set(
    components
      .filter((c) => c.type.name === 'LightningComponentBundle')
      .map((c) => c.fullName.toLowerCase()),
  );
  const permissionSets = new Set(
    components.filter((c) => c.type.name === 'PermissionSet').map((c) => c.fullName.toLowerCase()),
  );
  return {
    validate: (component) => {
      switch (component.type.name) {
        case 'CustomObject':
          return validateCustomObject(component, ctx, ctx.org);
        case 'StaticResource':
          return validateStaticResource(component, ctx);
        case 'ApexClass':
          return validateApexClass(component, ctx);
        case 'ApexTrigger':
          return validateApexTrigger(component, ctx);
        case 'LightningComponentBundle':
          return validateLwcBundle(component, ctx, bundles);
        case 'PermissionSet':
        case 'Profile':
          return validatePermissions(component, ctx, session);
        case 'Network':
          return validateNetwork(component, ctx, session, permissionSets);
        default:
          return validateGeneric(component, ctx);
      }
    },
  };
}
