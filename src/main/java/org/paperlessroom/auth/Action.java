package org.paperlessroom.auth;

import java.util.EnumSet;
import java.util.Set;

import static org.paperlessroom.auth.Role.CHAIR;
import static org.paperlessroom.auth.Role.GUEST;
import static org.paperlessroom.auth.Role.MEMBER;
import static org.paperlessroom.auth.Role.OBSERVER;
import static org.paperlessroom.auth.Role.PRESENTER;
import static org.paperlessroom.auth.Role.SECRETARY;

/** Everything a person may try to do in a meeting, with the roles that allow it. */
public enum Action {
  VIEW_MEETING(EnumSet.allOf(Role.class), true, "Only participants of this meeting may see it."),
  EDIT_MEETING(EnumSet.of(CHAIR, SECRETARY), true, "Only the chair or the secretary may change this meeting."),
  MANAGE_PARTICIPANTS(EnumSet.of(CHAIR, SECRETARY), true, "Only the chair or the secretary may change the participants."),
  HAND_OVER_PRESENTER(EnumSet.of(CHAIR), false, "Only the chair may hand the presenter role to someone else."),
  APPOINT_CHAIR(EnumSet.of(CHAIR), true, "Only the chair or an administrator may appoint or remove a chair."),
  PRESENT(EnumSet.of(CHAIR, PRESENTER), false, "Only the current presenter or the chair may drive the pages."),
  VIEW_PRESENCE(EnumSet.of(CHAIR, PRESENTER, SECRETARY), true, "Only the chair, the presenter or the secretary may see who is connected."),
  BROWSE_CLASSIFIED(EnumSet.of(CHAIR, PRESENTER, SECRETARY), false, "This document is classified (Mật): its pages can be seen only while they are presented."),
  UPLOAD_DOCUMENT(EnumSet.of(CHAIR, PRESENTER, SECRETARY), false, "Only the chair, a presenter or the secretary may upload documents."),
  RUN_MEETING(EnumSet.of(CHAIR), false, "Only the chair may run the meeting."),
  EDIT_AGENDA(EnumSet.of(CHAIR, SECRETARY), false, "Only the chair or the secretary may change the agenda."),
  REQUEST_FLOOR(EnumSet.of(PRESENTER, SECRETARY, MEMBER), false, "Only members of the meeting may ask to speak."),
  TAKE_ATTENDANCE(EnumSet.of(CHAIR, SECRETARY), false, "Only the chair or the secretary may take attendance."),
  CAST_VOTE(EnumSet.of(MEMBER), false, "Only voting members may vote."),
  MANAGE_VOTES(EnumSet.of(CHAIR), false, "Only the chair may open or close votes."),
  EDIT_MINUTES(EnumSet.of(SECRETARY), false, "Only the secretary may write the minutes."),
  APPROVE_MINUTES(EnumSet.of(CHAIR), false, "Only the chair may approve the minutes."),
  VIEW_AUDIT(EnumSet.of(CHAIR), true, "Only the chair or an administrator may read the audit log.");

  static {
    // Guests and observers follow the meeting; they never act in it.
    for (Action a : values()) {
      if (a != VIEW_MEETING && (a.roles.contains(GUEST) || a.roles.contains(OBSERVER))) {
        throw new IllegalStateException(a + " must not be allowed to guests or observers");
      }
    }
  }

  final Set<Role> roles;
  final boolean adminMay;
  final String denial;

  Action(Set<Role> roles, boolean adminMay, String denial) {
    this.roles = roles;
    this.adminMay = adminMay;
    this.denial = denial;
  }

  /** Why a person without the right role is refused, in words they understand. */
  public String denial() {
    return denial;
  }
}
