// Teams meeting side panel: the configuration page's one job is to tell Teams which page to show.
// The saved page is /tab with NO link in it: the panel is shared by everyone in the meeting, so
// each person opens their own personal link there, and the chair's page never becomes the panel.
(function () {
  var teams = window.microsoftTeams;
  if (!teams || !teams.app) return; // outside Teams: the plain form on the page still works
  teams.app
    .initialize()
    .then(function () {
      var url = window.location.origin + '/tab';
      teams.pages.config.registerOnSaveHandler(function (saveEvent) {
        teams.pages.config
          .setConfig({
            entityId: 'cpc-conference-panel',
            contentUrl: url,
            websiteUrl: url,
            suggestedDisplayName: 'Conference',
          })
          .then(function () {
            saveEvent.notifySuccess();
          })
          .catch(function (err) {
            saveEvent.notifyFailure(String(err));
          });
      });
      teams.pages.config.setValidityState(true);
    })
    .catch(function () {
      /* not inside Teams */
    });
})();
