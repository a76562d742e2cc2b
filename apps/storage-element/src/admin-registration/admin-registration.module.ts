import { Module } from '@nestjs/common';
import { AdminRegistration } from './admin-registration';

/** Keeps this element in the admin's registry. */
@Module({ providers: [AdminRegistration] })
export class AdminRegistrationModule {}
