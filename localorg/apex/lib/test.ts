/**
 * The Test class (Apex Reference Guide, "Test Class"): startTest and stopTest (a fresh set of
 * limits in between; stopTest runs the Batch Apex queued since startTest), isRunningTest, and
 * setCreatedDate. Mocks, loadData and the standard price book are not supported here.
 */
import type { Frame } from '../runtime/context.ts';
import { raise } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { platform } from '../runtime/platform.ts';
import { ApexDatetime } from '../values/temporal.ts';

function notSupported(name: string) {
  return (frame: Frame): never =>
    raise(
      frame,
      'UnexpectedException',
      `Test.${name} is not supported by the local org's Apex runtime`,
    );
}

export const testClasses: NativeClassSpec[] = [
  {
    name: 'Test',
    statics: {
      startTest: (frame) => {
        if (!frame.ctx.isTest)
          raise(frame, 'FinalException', 'Test.startTest can only be called from a test method');
        platform.current!.startTest(frame);
      },
      stopTest: (frame) => {
        if (!frame.ctx.isTest)
          raise(frame, 'FinalException', 'Test.stopTest can only be called from a test method');
        platform.current!.stopTest(frame);
      },
      isRunningTest: (frame) => frame.ctx.isTest,
      setCreatedDate: (frame, args) => {
        if (!frame.ctx.isTest)
          raise(
            frame,
            'FinalException',
            'Test.setCreatedDate can only be called from a test method',
          );
        const [id, when] = args;
        if (typeof id !== 'string' || !(when instanceof ApexDatetime))
          raise(frame, 'NullPointerException', 'Argument cannot be null.');
        platform.current!.setCreatedDate(frame, id, when.epochMs);
      },
      setMock: notSupported('setMock'),
      loadData: notSupported('loadData'),
      getStandardPricebookId: notSupported('getStandardPricebookId'),
      setFixedSearchResults: notSupported('setFixedSearchResults'),
      enableChangeDataCapture: notSupported('enableChangeDataCapture'),
    },
  },
];
