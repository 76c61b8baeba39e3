public enum WizardPlaceholder {}
