import { describePlatformConformance, describeProcessConformance } from '@artstore/testing';
import { ingester } from './ingester-under-test';

describePlatformConformance(ingester);
describeProcessConformance(ingester);
