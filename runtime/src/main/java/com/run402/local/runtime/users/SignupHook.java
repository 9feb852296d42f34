package com.run402.local.runtime.users;

import com.run402.local.runtime.projects.Project;

/**
 * Told of each new user once the signup is committed: password signup and the first magic-link (or code) sign-in
 * that creates the account (legacy-gateway 6.5, lifecycle hooks). Must not block: the signup's answer waits on it.
 */
@FunctionalInterface
public interface SignupHook {
  void signedUp(Project p, User u);
}
