/**
 * The {@code --debug} startup report: checks the material in service and logs what is wrong with the setup and how to fix it.
 */
@NullMarked
package dev.mtls.boot.doctor;

import org.jspecify.annotations.NullMarked;
