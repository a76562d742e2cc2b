import { describeAuthConformance } from '@artstore/testing';
import { storageElement } from './storage-element-under-test';

describeAuthConformance(storageElement);
