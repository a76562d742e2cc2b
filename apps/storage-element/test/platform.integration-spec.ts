import { describePlatformConformance, describeProcessConformance } from '@artstore/testing';
import { storageElement } from './storage-element-under-test';

describePlatformConformance(storageElement);
describeProcessConformance(storageElement);
